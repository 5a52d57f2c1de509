# Latency of one drop request vs the number of clients it drops. bench/run.sh passes data, out and conns.
# Columns of the data: N, p50 and p99 on 1 connection, p50 and p99 at the bench's concurrency,
# Redis time of the script per request (ms).
set terminal pngcairo size 900,560 font "sans,11"
set output out
set title sprintf("dropuser: latency of one drop request vs clients dropped (confirmation off)")
set xlabel "clients dropped per request (N)"
set ylabel "latency (ms, log scale)"
set logscale xy
set xrange [0.7:1500]
set xtics ("1" 1, "10" 10, "100" 100, "1000" 1000)
set grid
set key top left
set format y "%g"
plot data using 1:4 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title sprintf("p50, %s connections", conns), \
     data using 1:5 with linespoints lw 2 pt 5 lc rgb "#d62728" title sprintf("p99, %s connections", conns), \
     data using 1:2 with linespoints lw 2 pt 7 dt 2 lc rgb "#1f77b4" title "p50, 1 connection", \
     data using 1:3 with linespoints lw 2 pt 5 dt 2 lc rgb "#d62728" title "p99, 1 connection", \
     data using 1:6 with linespoints lw 2 pt 9 lc rgb "#2ca02c" title "Redis time of the script (per request)"

# Time to eject: the distribution (CDF) over the run's single-client drops of the time from the POST until the
# client has the event, until its socket is closed, and until the HTTP answer. bench/eject/run.sh passes data
# (eject-classic.dat: event, close, answer in ms, one drop a line) and out.
set terminal pngcairo size 900,560 font "sans,11"
set output out
set title "dropuser, classic adapter: time from the POST (one client, sequential drops)"
set xlabel "ms after the POST (log scale)"
set ylabel "share of drops (CDF)"
stats data using 1 nooutput
n = STATS_records
set logscale x
set format x "%g"
set yrange [0:1]
set grid
set key bottom right
plot data using 1:(1.0/n) smooth cumulative lw 2 lc rgb "#1f77b4" title "client receives room-disconnected", \
     data using 2:(1.0/n) smooth cumulative lw 2 lc rgb "#2ca02c" title "socket closed", \
     data using 3:(1.0/n) smooth cumulative lw 2 lc rgb "#d62728" title "HTTP answer (confirmed: dropped)"

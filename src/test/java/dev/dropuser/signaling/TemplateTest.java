package dev.dropuser.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void givenMarkersInOrder_cut_splitsAroundThemAndFillRestores() {
        Template template = Template.cut(bytes("a<1>b<2>c"), bytes("<1>"), bytes("<2>"));

        assertThat(template.parts()).containsExactly(bytes("a"), bytes("b"), bytes("c"));
        assertThat(Frames.fill(template, bytes("X"), bytes("YY"))).isEqualTo(bytes("aXbYYc"));
    }

    @Test
    void givenMissingMarker_cut_isRefused() {
        assertThatThrownBy(() -> Template.cut(bytes("a<1>b"), bytes("<1>"), bytes("<2>")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenMarkerTwice_cut_isRefused() {
        assertThatThrownBy(() -> Template.cut(bytes("a<1>b<1>c"), bytes("<1>")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenWrongNumberOfValues_fill_isRefused() {
        Template template = Template.cut(bytes("a<1>b"), bytes("<1>"));

        assertThatThrownBy(() -> Frames.fill(template)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.fill(template, bytes("x"), bytes("y"))).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.ainfinity.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a metric line reports. The wire names are the payload's {@code kind} values. */
public enum MetricKind {
    /** One logging step of training. */
    TRAIN,
    /** One evaluation. */
    EVAL,
    /** GPU readings taken after a logging step. */
    GPU,
    /** The Trainer's closing values: {@code train_runtime}, {@code train_loss}, its rates and FLOPs. */
    SUMMARY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MetricKind> fromWire(Object value) {
        return Arrays.stream(values())
                .filter(kind -> kind.wireName().equals(value))
                .findFirst();
    }
}

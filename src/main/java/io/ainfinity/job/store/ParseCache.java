package io.ainfinity.job.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values parsed from stored text, by that text. Bounded: when full it is emptied, which costs one parse per row read
 * afterwards, and needs no bookkeeping on the read path.
 */
final class ParseCache<V> {

    private final int maxEntries;
    private final Map<String, V> values = new ConcurrentHashMap<>();

    ParseCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    V get(String text, Function<String, V> parse) {
        V value = values.get(text);
        if (value == null) {
            value = parse.apply(text);
            if (values.size() >= maxEntries) {
                values.clear();
            }
            values.put(text, value);
        }
        return value;
    }
}

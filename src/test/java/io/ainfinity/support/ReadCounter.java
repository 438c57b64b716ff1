package io.ainfinity.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.ainfinity.job.store.JobStore;

/** Counts the reads of each job's row through a store: {@code find} and {@code findByName}, by job name. */
public final class ReadCounter {

    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    /** The store, reading through this counter. */
    public JobStore around(JobStore store) {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("find") && args != null && args[0] instanceof String name) {
                        reads.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public int of(String jobName) {
        AtomicInteger count = reads.get(jobName);
        return count == null ? 0 : count.get();
    }
}

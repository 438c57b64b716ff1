package io.ainfinity.job.api;

import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.github.benmanes.caffeine.cache.Cache;

import io.ainfinity.metrics.MeteredCaches;
import io.ainfinity.metrics.Meters;

/**
 * Writes each job of a list from a cache of its JSON. Most jobs on a page have ended and never change again, and
 * writing them field by field was the largest cost of {@code GET /api/v1/jobs}. The key is the whole {@link JobInfo}
 * value, so a job that changed in any field it shows is another key: a cached text is never out of date.
 */
public final class CachedJobJson extends JsonSerializer<JobInfo> {

    /** Bounded: the least useful entries are evicted, each costing one serialization when shown again. */
    static final int MAX_ENTRIES = 10_000;

    private static final Cache<JobInfo, String> CACHE = MeteredCaches.bounded(Meters.CACHE_JOB_JSON, MAX_ENTRIES);

    @Override
    public void serialize(JobInfo job, JsonGenerator gen, SerializerProvider provider) throws IOException {
        String json = CACHE.getIfPresent(job);
        if (json == null) {
            StringWriter out = new StringWriter(1024);
            try (JsonGenerator own = gen.getCodec().getFactory().createGenerator(out)) {
                provider.findValueSerializer(JobInfo.class).serialize(job, own, provider);
            }
            json = out.toString();
            CACHE.put(job, json);
        }
        gen.writeRawValue(json);
    }
}

package io.ainfinity.http;

import java.io.IOException;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Request bodies bind only values of the declared JSON type: {@code "job_name": false} is not the name "false", nor
 * {@code "disk_size": "20"} the number 20. Jackson converts such scalars by default; here each is refused, and
 * answered 400 naming the field. An integer may be written {@code 20.0}, which JSON Schema counts as an integer too,
 * but {@code 20.7} is refused rather than cut to 20. A key given twice in one object is refused too, rather than the
 * last one silently winning over what a reviewer of the request saw first.
 *
 * <p>The naming strategy of {@code quarkus.jackson.property-naming-strategy} is loaded by class name when the mapper
 * is built; a native binary finds it only if it is registered for reflection (Quarkus does not register it).
 */
@Singleton
@RegisterForReflection(targets = PropertyNamingStrategies.SnakeCaseStrategy.class)
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("whole-numbers")
                .addDeserializer(Integer.class, new WholeNumber())
                .addDeserializer(int.class, new WholeNumber()));
    }

    /** An int from a JSON integer, or from a JSON number with no fractional part; anything else is the wrong type. */
    static final class WholeNumber extends StdDeserializer<Integer> {

        WholeNumber() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getIntValue();
            }
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                double value = p.getDoubleValue();
                if (value == Math.rint(value) && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                    return (int) value;
                }
            }
            return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
        }
    }
}

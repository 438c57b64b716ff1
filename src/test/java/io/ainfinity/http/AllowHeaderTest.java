package io.ainfinity.http;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.OpenApi;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Allow} names the methods of the path itself, as the OpenAPI document lists them: on OPTIONS, and on every
 * 405 (RFC 9110), which is still a problem.
 */
@QuarkusTest
class AllowHeaderTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("allow", "admin"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void optionsAndEvery405ListThePathsDocumentedMethods() {
        OpenApi doc = OpenApi.served();
        for (String path : pathsOf(doc)) {
            Set<String> expected = new TreeSet<>();
            doc.root().path("paths").path(path).fieldNames().forEachRemaining(m -> expected.add(m.toUpperCase()));
            if (expected.contains("GET")) {
                expected.add("HEAD");
            }
            expected.add("OPTIONS");
            String concrete = path.replace("{job_name}", "some-job").replace("{id}", "some-id");

            assertThat(allowed(given().options(concrete)))
                    .as("OPTIONS %s", path)
                    .isEqualTo(expected);
            for (String method : new String[] {"TRACE", "PUT", "PATCH", "POST", "DELETE"}) {
                if (expected.contains(method)) {
                    continue;
                }
                Response refused = given().request(method, concrete);
                assertThat(refused.statusCode()).as("%s %s", method, path).isEqualTo(405);
                assertThat(refused.contentType()).startsWith(Problem.MEDIA_TYPE);
                assertThat(allowed(refused)).as("Allow of %s %s", method, path).isEqualTo(expected);
            }
        }
    }

    @Test
    void rootClassesNoLongerLendTheirMethodsToSubPaths() {
        assertThat(given().options("/api/v1/jobs/some-job/delete").header("Allow"))
                .isEqualTo("DELETE, OPTIONS");
        assertThat(given().options("/api/v1/jobs").header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
        assertThat(given().request("TRACE", "/api/v1/jobs/some-job/logs").header("Allow"))
                .isEqualTo("GET, HEAD, OPTIONS");
    }

    private static Set<String> pathsOf(OpenApi doc) {
        Set<String> paths = new TreeSet<>();
        doc.root().path("paths").fieldNames().forEachRemaining(p -> {
            if (p.startsWith("/api/")) {
                paths.add(p);
            }
        });
        assertThat(paths).hasSizeGreaterThan(10);
        return paths;
    }

    private static Set<String> allowed(Response response) {
        String allow = response.header("Allow");
        assertThat(allow).as("Allow header").isNotNull();
        return Arrays.stream(allow.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
    }
}

package io.ainfinity.http;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** {@code /} is the dashboard to a browser and the service's description to an API client; pages load only our own. */
@QuarkusTest
class DashboardTest {

    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    @Test
    void aBrowserGetsThePageUnderAPolicyThatAllowsOnlyThisOrigin() {
        given().header("Accept", BROWSER_ACCEPT)
                .get("/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", is(Dashboard.POLICY))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(containsString("/ui/app.js"));
        given().get("/ui/app.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("Content-Security-Policy", is(Dashboard.POLICY));
    }

    @Test
    void anApiClientStillGetsTheServiceDescription() {
        for (String accept : new String[] {"application/json", "*/*"}) {
            given().header("Accept", accept)
                    .get("/")
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("application/json"))
                    .header("Content-Security-Policy", nullValue())
                    .body("openapi", is("/openapi.json"));
        }
    }

    @Test
    void noPageOrScriptReachesForAnotherOrigin() {
        String page = given().header("Accept", BROWSER_ACCEPT).get("/").asString();

        org.assertj.core.api.Assertions.assertThat(page)
                .doesNotContainPattern("(src|href)=\"(https?:)?//")
                .doesNotContain("<script>")
                .doesNotContain("style=\"");
    }
}

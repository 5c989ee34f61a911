package io.medextract.tests.local;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What S3 checks before it acts on a request authenticated by query parameters (a presigned URL), answered with S3's
 * status and error document: the parameters are all there and well formed, the access key is known, the URL has not
 * expired, and the signature matches. The signature is recomputed with the AWS SDK's own SigV4 signer (query-string
 * form, unsigned payload, no double encoding, as S3 signs), over the request as it arrived: its method, path, query
 * without the signature, and the values of exactly the headers the URL names as signed. A request whose signed
 * header is missing or different, or whose URL was altered (a longer expiry, another key), therefore fails as on S3.
 *
 * <p>Sources: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html (parameters, X-Amz-Expires
 * from 1 s to 604800 s), https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (codes and statuses).
 * S3 documents the codes, not every message; the messages here are the ones S3 sends. In which order S3 runs the
 * checks when a request fails several at once is not documented; this one checks expiry before the signature.
 */
public final class PresignedRequestCheck {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The longest X-Amz-Expires S3 accepts: seven days (sigv4-query-string-auth). */
    static final long MAX_EXPIRES_SECONDS = 604_800;
    static final String SIGNATURE = "X-Amz-Signature";
    private static final List<String> REQUIRED = List.of("X-Amz-Algorithm", "X-Amz-Credential", SIGNATURE,
            "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final AwsCredentials credentials;
    private final String region;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param credentials the only key pair this stand-in knows (the one the platform's presigner signs with)
     * @param region      the bucket's region: a URL scoped to another is refused as S3 refuses it
     * @param clock       S3's clock, for expiry
     */
    public PresignedRequestCheck(AwsCredentials credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    /**
     * Whether the request attempts query-string authentication: any of its parameters is present (then all must be).
     * Otherwise it is signed in the Authorization header, or anonymous.
     */
    public static boolean isPresigned(URI requestUri) {
        Map<String, String> query = queryParameters(requestUri.getRawQuery());
        return REQUIRED.stream().anyMatch(query::containsKey);
    }

    /**
     * The error S3 answers this presigned request with, or empty when it is authentic and current.
     *
     * @param requestUri the request line's URI: raw path and raw query as sent
     * @param headers    the request headers, any letter case
     */
    public Optional<S3ErrorResponse> refusal(String method, URI requestUri, Map<String, List<String>> headers) {
        Map<String, String> query = queryParameters(requestUri.getRawQuery());
        if (!query.keySet().containsAll(REQUIRED)) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                            + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."));
        }
        if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "X-Amz-Algorithm only supports \"" + ALGORITHM + "\""));
        }
        long expires;
        try {
            expires = Long.parseLong(query.get("X-Amz-Expires"));
        } catch (NumberFormatException e) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "X-Amz-Expires should be a number"));
        }
        if (expires < 0) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "X-Amz-Expires must be non-negative"));
        }
        if (expires > MAX_EXPIRES_SECONDS) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "X-Amz-Expires must be less than a week (in seconds) that is 604800"));
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(query.get("X-Amz-Date")));
        } catch (DateTimeParseException e) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""));
        }
        String[] scope = query.get("X-Amz-Credential").split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request") || !scope[3].equals("s3")) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "
                            + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."));
        }
        if (!scope[0].equals(credentials.accessKeyId())) {
            return Optional.of(new S3ErrorResponse(403, "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.",
                    Map.of("AWSAccessKeyId", scope[0])));
        }
        if (!scope[2].equals(region)) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "Error parsing the X-Amz-Credential parameter; the region '" + scope[2] + "' is wrong; expecting '"
                            + region + "'", Map.of("Region", region)));
        }
        if (!scope[1].equals(query.get("X-Amz-Date").substring(0, 8))) {
            return Optional.of(new S3ErrorResponse(400, "AuthorizationQueryParametersError",
                    "Invalid credential date. Date is not the same as X-Amz-Date."));
        }
        Instant now = clock.instant();
        Instant expiresAt = signedAt.plusSeconds(expires);
        if (now.isAfter(expiresAt)) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("X-Amz-Expires", Long.toString(expires));
            details.put("Expires", ISO_SECONDS.format(expiresAt));
            details.put("ServerTime", ISO_SECONDS.format(now));
            return Optional.of(new S3ErrorResponse(403, "AccessDenied", "Request has expired", details));
        }
        String provided = query.get(SIGNATURE);
        String expected = signature(method, requestUri, headers, query, signedAt, Duration.ofSeconds(expires));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.getBytes(StandardCharsets.US_ASCII))) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("AWSAccessKeyId", scope[0]);
            details.put("SignatureProvided", provided);
            return Optional.of(new S3ErrorResponse(403, "SignatureDoesNotMatch", "The request signature we calculated "
                    + "does not match the signature you provided. Check your key and signing method.", details));
        }
        List<String> unsigned = unsignedAmzHeaders(headers, query.get("X-Amz-SignedHeaders"));
        if (!unsigned.isEmpty()) {
            return Optional.of(new S3ErrorResponse(403, "AccessDenied",
                    "There were headers present in the request which were not signed",
                    Map.of("HeadersNotSigned", String.join(", ", unsigned))));
        }
        return Optional.empty();
    }

    /** The signature the SDK's signer computes for this request, as the presigner computed it for the URL. */
    private String signature(String method, URI requestUri, Map<String, List<String>> headers, Map<String, String> query,
                             Instant signedAt, Duration expires) {
        String host = first(headers, "host").orElse("");
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol("http")
                .host(host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host)
                .encodedPath(requestUri.getRawPath());
        if (host.contains(":")) {
            request.port(Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)));
        }
        query.forEach((name, value) -> {
            if (!name.equals(SIGNATURE)) {
                request.putRawQueryParameter(name, value);
            }
        });
        for (String name : query.get("X-Amz-SignedHeaders").split(";")) {
            List<String> values = values(headers, name);
            if (!values.isEmpty()) {
                request.putHeader(name, values);
            }
        }
        AwsCredentialsIdentity identity = AwsCredentialsIdentity.create(credentials.accessKeyId(),
                credentials.secretAccessKey());
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(request.build())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        return signed.request().firstMatchingRawQueryParameter(SIGNATURE).orElse("");
    }

    /** {@code x-amz-*} headers the request carries that its URL does not sign: S3 refuses them. */
    private static List<String> unsignedAmzHeaders(Map<String, List<String>> headers, String signedHeaders) {
        Set<String> signed = Set.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
        List<String> unsigned = new ArrayList<>();
        headers.keySet().forEach(name -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-") && !signed.contains(lower)) {
                unsigned.add(lower);
            }
        });
        return unsigned;
    }

    /** Decoded query parameters in their order; the first value of a repeated one. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** Percent-decoding only: in a SigV4 URL a space is %20 and a literal plus is %2B. */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = values(headers, name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    static List<String> values(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return List.of();
    }
}

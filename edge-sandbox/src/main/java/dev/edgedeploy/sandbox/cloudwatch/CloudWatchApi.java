package dev.edgedeploy.sandbox.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.edgedeploy.sandbox.ServiceTraffic;
import dev.edgedeploy.sandbox.aws.SigV4Authorization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch's AWS Query wire protocol (API version 2010-08-01) as SDK v2.40.2's {@code CloudWatchClient} sends it:
 * form-encoded POSTs with {@code Action} and {@code Version}, SigV4 presence and scope, XML answers and
 * {@code ErrorResponse} errors. PutMetricData bodies may arrive gzip-compressed (the model's request compression).
 */
final class CloudWatchApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchApi.class);
    private static final String VERSION = "2010-08-01";
    private static final int MAX_BODY = 1024 * 1024;
    private static final int MAX_DATUMS = 1000;
    private static final int MAX_VALUES = 150;
    private static final double SMALLEST_MAGNITUDE = 8.515920e-109;
    private static final double LARGEST_MAGNITUDE = 1.174271e+108;

    private static final Set<String> OPERATIONS = Set.of("PutMetricAlarm", "DescribeAlarms", "DeleteAlarms",
            "SetAlarmState", "PutMetricData");

    private final CloudWatchAccount account;
    private final ObjectMapper json = new ObjectMapper();
    private final ServiceTraffic traffic;

    CloudWatchApi(CloudWatchAccount account, ServiceTraffic traffic) {
        this.account = account;
        this.traffic = traffic;
    }

    /** A traffic record knowing every operation (Query Action) this API serves. */
    static ServiceTraffic newTraffic() {
        return new ServiceTraffic("CloudWatch", OPERATIONS);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            try {
                String body = dispatch(exchange, requestId);
                send(exchange, 200, body, requestId);
            } catch (CloudWatchError e) {
                send(exchange, e.status(), error(e, requestId), requestId);
            } catch (RuntimeException e) {
                LOG.warn("CloudWatch sandbox failed on {}", exchange.getRequestURI(), e);
                send(exchange, 500, error(CloudWatchError.internal(), requestId), requestId);
            }
        }
    }

    private String dispatch(HttpExchange exchange, String requestId) throws IOException {
        QueryRequest request = QueryRequest.parse(exchange.getRequestURI().getRawQuery());
        if (exchange.getRequestMethod().equals("POST")) {
            request = request.merge(QueryRequest.parse(body(exchange)));
        }
        authorize(exchange);
        String action = request.string("Action");
        if (action == null) {
            throw CloudWatchError.missingParameter("The request must contain the parameter Action.");
        }
        String version = request.string("Version");
        if (version != null && !version.equals(VERSION)) {
            throw CloudWatchError.invalidAction(action);
        }
        if (OPERATIONS.contains(action)) {
            traffic.admit(action).ifPresent(fault -> {
                throw switch (fault) {
                    case THROTTLING -> CloudWatchError.throttling();
                    case SERVER_ERROR -> CloudWatchError.serviceUnavailable();
                };
            });
        }
        return switch (action) {
            case "PutMetricAlarm" -> {
                account.putMetricAlarm(AlarmDefinition.from(request));
                yield empty(action, requestId);
            }
            case "DescribeAlarms" -> describeAlarms(request, requestId);
            case "DeleteAlarms" -> {
                List<String> names = request.strings("AlarmNames");
                ModelConstraints constraints = new ModelConstraints();
                constraints.size(names, "alarmNames", 100);
                constraints.check();
                account.deleteAlarms(names);
                yield empty(action, requestId);
            }
            case "SetAlarmState" -> {
                setAlarmState(request);
                yield empty(action, requestId);
            }
            case "PutMetricData" -> {
                putMetricData(request);
                yield empty(action, requestId);
            }
            default -> throw CloudWatchError.invalidAction(action);
        };
    }

    private String describeAlarms(QueryRequest request, String requestId) {
        List<String> names = request.strings("AlarmNames");
        String prefix = request.string("AlarmNamePrefix");
        String stateValue = request.string("StateValue");
        String actionPrefix = request.string("ActionPrefix");
        Integer maxRecords = request.integer("MaxRecords", "maxRecords");
        List<String> types = request.strings("AlarmTypes");
        ModelConstraints constraints = new ModelConstraints();
        constraints.size(names, "alarmNames", 100);
        constraints.length(prefix, "alarmNamePrefix", 1, 255);
        constraints.length(actionPrefix, "actionPrefix", 1, 1024);
        constraints.oneOf(stateValue, "stateValue",
                List.of(AlarmState.OK, AlarmState.ALARM, AlarmState.INSUFFICIENT_DATA));
        constraints.between(maxRecords, "maxRecords", 1, 100);
        types.forEach(type -> constraints.oneOf(type, "alarmTypes.member", List.of("CompositeAlarm", "MetricAlarm")));
        constraints.check();
        if (!names.isEmpty() && prefix != null) {
            throw CloudWatchError.invalidParameterCombination(
                    "AlarmNames and AlarmNamePrefix cannot be specified together.");
        }
        List<MetricAlarm> found = account.describeAlarms(names, prefix, stateValue, actionPrefix);
        // without AlarmTypes only metric alarms are returned; the sandbox keeps no composite alarms
        List<MetricAlarm> alarms = types.isEmpty() || types.contains("MetricAlarm") ? found : List.of();
        int start = 0;
        String token = request.string("NextToken");
        if (token != null) {
            try {
                start = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                start = -1;
            }
            if (start < 0 || start > alarms.size()) {
                throw CloudWatchError.invalidNextToken();
            }
        }
        int end = Math.min(alarms.size(), start + (maxRecords == null ? 50 : maxRecords));
        XmlResponse xml = new XmlResponse().openRoot("DescribeAlarmsResponse").open("DescribeAlarmsResult");
        xml.open("MetricAlarms");
        for (MetricAlarm alarm : alarms.subList(start, end)) {
            writeAlarm(xml, alarm);
        }
        xml.close("MetricAlarms").open("CompositeAlarms").close("CompositeAlarms");
        if (end < alarms.size()) {
            xml.element("NextToken", Integer.toString(end));
        }
        return xml.close("DescribeAlarmsResult").responseMetadata(requestId).close("DescribeAlarmsResponse")
                .toString();
    }

    private static void writeAlarm(XmlResponse xml, MetricAlarm alarm) {
        AlarmDefinition definition = alarm.definition();
        xml.open("member")
                .element("AlarmName", definition.name())
                .element("AlarmArn", alarm.arn())
                .element("AlarmDescription", definition.description())
                .element("AlarmConfigurationUpdatedTimestamp", alarm.configurationUpdated())
                .element("ActionsEnabled", definition.actionsEnabled())
                .members("OKActions", definition.okActions())
                .members("AlarmActions", definition.alarmActions())
                .members("InsufficientDataActions", definition.insufficientDataActions())
                .element("StateValue", alarm.state().value())
                .element("StateReason", alarm.state().reason())
                .element("StateReasonData", alarm.state().reasonData())
                .element("StateUpdatedTimestamp", alarm.state().updated())
                .element("MetricName", definition.metricName())
                .element("Namespace", definition.namespace())
                .element("Statistic", definition.statistic())
                .element("ExtendedStatistic", definition.extendedStatistic());
        xml.open("Dimensions");
        for (Dimension dimension : definition.dimensions()) {
            xml.open("member").element("Name", dimension.name()).element("Value", dimension.value()).close("member");
        }
        xml.close("Dimensions")
                .element("Period", definition.period())
                .element("Unit", definition.unit())
                .element("EvaluationPeriods", definition.evaluationPeriods())
                .element("DatapointsToAlarm", definition.datapointsToAlarm())
                .element("Threshold", definition.threshold())
                .element("ComparisonOperator", definition.comparisonOperator())
                .element("TreatMissingData", definition.treatMissingData())
                .element("EvaluateLowSampleCountPercentile", definition.evaluateLowSampleCountPercentile())
                .element("StateTransitionedTimestamp", alarm.stateTransitioned())
                .close("member");
    }

    private void setAlarmState(QueryRequest request) {
        String name = request.string("AlarmName");
        String stateValue = request.string("StateValue");
        String reason = request.string("StateReason");
        String reasonData = request.string("StateReasonData");
        ModelConstraints constraints = new ModelConstraints();
        if (constraints.required(name, "alarmName")) {
            constraints.length(name, "alarmName", 1, 255);
        }
        if (constraints.required(stateValue, "stateValue")) {
            constraints.oneOf(stateValue, "stateValue",
                    List.of(AlarmState.OK, AlarmState.ALARM, AlarmState.INSUFFICIENT_DATA));
        }
        if (constraints.required(reason, "stateReason")) {
            constraints.length(reason, "stateReason", 0, 1023);
        }
        constraints.length(reasonData, "stateReasonData", 0, 4000);
        constraints.check();
        if (reasonData != null) {
            try {
                json.readTree(reasonData);
            } catch (JsonProcessingException e) {
                throw CloudWatchError.invalidFormat("StateReasonData is not valid JSON.");
            }
        }
        account.setAlarmState(name, stateValue, reason, reasonData);
    }

    private void putMetricData(QueryRequest request) {
        String namespace = request.string("Namespace");
        List<QueryRequest> datums = request.structures("MetricData");
        ModelConstraints constraints = new ModelConstraints();
        if (constraints.required(namespace, "namespace")) {
            constraints.length(namespace, "namespace", 1, 255);
        }
        if (datums.isEmpty()) {
            constraints.required(null, "metricData");
        }
        constraints.size(datums, "metricData", MAX_DATUMS);
        constraints.check();
        if (namespace.startsWith(":") || namespace.startsWith("AWS/")) {
            // AWS/ namespaces are reserved for AWS services
            throw CloudWatchError.invalidParameterValue("The value " + namespace
                    + " for parameter Namespace is invalid.");
        }
        Instant now = account.now();
        List<Map.Entry<MetricIdentity, Sample>> data = new ArrayList<>();
        for (int i = 0; i < datums.size(); i++) {
            String member = "MetricData.member." + (i + 1);
            data.add(datum(namespace, datums.get(i), member, now));
        }
        account.putMetricData(data);
    }

    private Map.Entry<MetricIdentity, Sample> datum(String namespace, QueryRequest datum, String member, Instant now) {
        ModelConstraints constraints = new ModelConstraints();
        String metricName = datum.string("MetricName");
        if (constraints.required(metricName, "metricData.member.metricName")) {
            constraints.length(metricName, "metricData.member.metricName", 1, 255);
        }
        List<Dimension> dimensions = AlarmDefinition.dimensions(datum, "Dimensions",
                "metricData.member.dimensions", constraints);
        String unit = datum.string("Unit");
        constraints.oneOf(unit, "metricData.member.unit", AlarmDefinition.UNITS);
        List<String> values = datum.strings("Values");
        List<String> counts = datum.strings("Counts");
        constraints.size(values, "metricData.member.values", MAX_VALUES);
        constraints.size(counts, "metricData.member.counts", MAX_VALUES);
        Integer resolution = datum.integer("StorageResolution", "metricData.member.storageResolution");
        constraints.atLeast(resolution, "metricData.member.storageResolution", 1);
        constraints.check();
        if (resolution != null && resolution != 1 && resolution != 60) {
            throw CloudWatchError.invalidParameterValue("The value " + resolution + " for parameter " + member
                    + ".StorageResolution is invalid. Valid values are 1 and 60.");
        }
        Instant timestamp = datum.timestamp("Timestamp");
        if (timestamp == null) {
            timestamp = now;
        } else if (timestamp.isAfter(now.plus(Duration.ofHours(2)))) {
            throw CloudWatchError.invalidParameterValue("The parameter " + member
                    + ".Timestamp must specify a time no more than two hours in the future.");
        } else if (timestamp.isBefore(now.minus(Duration.ofDays(14)))) {
            throw CloudWatchError.invalidParameterValue("The parameter " + member
                    + ".Timestamp must specify a time within the past two weeks.");
        }
        boolean hasValue = datum.string("Value") != null;
        QueryRequest statistics = datum.structure("StatisticValues");
        boolean hasValues = !values.isEmpty();
        int kinds = (hasValue ? 1 : 0) + (statistics != null ? 1 : 0) + (hasValues ? 1 : 0);
        if (kinds > 1) {
            String first = hasValue ? member + ".Value" : member + ".StatisticValues";
            String second = hasValues ? member + ".Values" : member + ".StatisticValues";
            throw CloudWatchError.invalidParameterCombination("The parameters " + first + " and " + second
                    + " are mutually exclusive and you have specified both.");
        }
        if (kinds == 0) {
            throw CloudWatchError.invalidParameterCombination("At least one of the parameters " + member + ".Value, "
                    + member + ".StatisticValues or " + member + ".Values must be specified.");
        }
        Sample sample;
        if (hasValue) {
            double value = checkedValue(datum.decimal("Value", member + ".Value"), member + ".Value");
            sample = Sample.ofValues(timestamp, unit, List.of(value), List.of(1.0));
        } else if (statistics != null) {
            double sampleCount = required(statistics, "SampleCount", member);
            double sum = required(statistics, "Sum", member);
            double minimum = required(statistics, "Minimum", member);
            double maximum = required(statistics, "Maximum", member);
            if (sampleCount <= 0 || minimum > maximum) {
                throw CloudWatchError.invalidParameterValue("The parameter " + member
                        + ".StatisticValues is invalid: SampleCount must be positive and Minimum at most Maximum.");
            }
            sample = Sample.ofStatistics(timestamp, unit, sampleCount, sum, minimum, maximum);
        } else {
            if (!counts.isEmpty() && counts.size() != values.size()) {
                throw CloudWatchError.invalidParameterValue("The parameters " + member + ".Values and " + member
                        + ".Counts must be of the same size.");
            }
            List<Double> parsedValues = new ArrayList<>();
            List<Double> parsedCounts = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String name = member + ".Values.member." + (i + 1);
                parsedValues.add(checkedValue(parse(values.get(i), name), name));
                parsedCounts.add(counts.isEmpty() ? 1.0 : parse(counts.get(i), member + ".Counts.member." + (i + 1)));
            }
            sample = Sample.ofValues(timestamp, unit, parsedValues, parsedCounts);
        }
        return Map.entry(MetricIdentity.of(namespace, metricName, dimensions), sample);
    }

    private static double required(QueryRequest statistics, String field, String member) {
        Double value = statistics.decimal(field, member + ".StatisticValues." + field);
        if (value == null) {
            throw CloudWatchError.missingParameter("The parameter " + member + ".StatisticValues." + field
                    + " is required.");
        }
        return checkedValue(value, member + ".StatisticValues." + field);
    }

    private static double parse(String text, String name) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw CloudWatchError.invalidParameterValue("The value " + text + " for parameter " + name
                    + " is invalid.");
        }
    }

    /** CloudWatch rejects NaN, infinities and magnitudes outside 8.515920e-109 … 1.174271e+108 (zero is fine). */
    private static double checkedValue(double value, String name) {
        double magnitude = Math.abs(value);
        if (Double.isNaN(value) || Double.isInfinite(value)
                || (magnitude != 0 && (magnitude < SMALLEST_MAGNITUDE || magnitude > LARGEST_MAGNITUDE))) {
            throw CloudWatchError.invalidParameterValue("The value " + value + " for parameter " + name
                    + " is invalid.");
        }
        return value;
    }

    private void authorize(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            throw CloudWatchError.missingAuthenticationToken();
        }
        SigV4Authorization authorization = SigV4Authorization.parse(header).orElseThrow(() ->
                CloudWatchError.incompleteSignature("Authorization header requires 'Credential', 'Signature' and "
                        + "'SignedHeaders' parameters of an AWS4-HMAC-SHA256 signature."));
        if (!authorization.service().equals("monitoring")) {
            throw CloudWatchError.signatureDoesNotMatch("Credential should be scoped to correct service: "
                    + "'monitoring'.");
        }
        if (!authorization.region().equals(account.region())) {
            throw CloudWatchError.signatureDoesNotMatch("Credential should be scoped to a valid region.");
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            in = new GZIPInputStream(in);
        }
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw CloudWatchError.invalidParameterValue("The request body exceeds the 1 MB limit.");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String empty(String action, String requestId) {
        return new XmlResponse().openRoot(action + "Response").responseMetadata(requestId)
                .close(action + "Response").toString();
    }

    private static String error(CloudWatchError e, String requestId) {
        return new XmlResponse().openRoot("ErrorResponse").open("Error")
                .element("Type", e.type()).element("Code", e.code()).element("Message", e.getMessage())
                .close("Error").element("RequestId", requestId).close("ErrorResponse").toString();
    }

    private static void send(HttpExchange exchange, int status, String body, String requestId) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

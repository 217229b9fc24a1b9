import dev.edgedeploy.sandbox.EdgeSandbox
import dev.edgedeploy.sandbox.edge.ViewerPanel
import java.util.concurrent.atomic.AtomicBoolean
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest
import software.amazon.awssdk.services.cloudwatch.model.Statistic
import software.amazon.awssdk.services.lambda.LambdaClient
import software.amazon.awssdk.services.lambda.model.GetAliasRequest
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException

// One sandbox for the whole test, in this JVM: every goal finds it running on its state directory and uses it. At a
// time scale of 3 a one-minute shift step lasts 20 s, long enough for the edge (refreshSeconds 2) to follow it.
// Four edge locations, each with containers of the version CloudFront runs and of the one before, plus the regional
// containers that answer the weights probe: with the default 8 Node processes the sandbox would stop warm containers
// to start others, and a container started anew serves blue until its first probe answers.
def sandbox = EdgeSandbox.builder().stateDirectory(new File(basedir, 'sandbox-state').toPath()).basePort(4750)
        .timeScale(3).lambdaConcurrencyLimit(16).region('us-east-1', 'edge-deploy-us-east-1').region('eu-west-1', 'edge-deploy-eu-west-1')
        .region('ap-southeast-2', 'edge-deploy-ap-southeast-2').start()
['FRA56-P5': 'eu-central-1', 'NRT57-P2': 'ap-northeast-1', 'GRU50-C1': 'sa-east-1'].each { name, region ->
    sandbox.edgeFront().edgeLocation(name, region)
}
def keys = StaticCredentialsProvider.create(AwsBasicCredentials.create(EdgeSandbox.ACCESS_KEY_ID,
        EdgeSandbox.SECRET_ACCESS_KEY))
def lambda = LambdaClient.builder().endpointOverride(sandbox.endpoints().lambda()).region(Region.US_EAST_1)
        .credentialsProvider(keys).build()
def cloudWatch = CloudWatchClient.builder().endpointOverride(sandbox.endpoints().cloudWatch())
        .region(Region.US_EAST_1).credentialsProvider(keys).build()
cloudWatch.putMetricAlarm(PutMetricAlarmRequest.builder().alarmName('it-viewers-errors').namespace('IT')
        .metricName('Errors').statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1d)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD).treatMissingData('notBreaching')
        .build())

// The watcher: whenever alias live settles (unchanged for 6 s: more than 1.2 × refreshSeconds + the 2 s alias
// cache), 1,000 viewers ask for the entry until two rounds agree (waking every container), and the last is counted. Whenever the alias stops
// routing (end of a shift, a rollback), viewers are asked round after round until all get the alias's build: the
// time that takes is what a rollback costs viewers.
def samples = Collections.synchronizedList([])
def convergences = Collections.synchronizedList([])
def stop = new AtomicBoolean()
def buildOf = [:]
def build = { String version ->
    buildOf.computeIfAbsent(version) {
        lambda.getFunctionConfiguration(GetFunctionConfigurationRequest.builder().functionName('it-viewers')
                .qualifier(version).build()).description().replace('edge-deploy ', '')
    }
}
def aliasNow = { ->
    try {
        def alias = lambda.getAlias(GetAliasRequest.builder().functionName('it-viewers').name('live').build())
        def weights = alias.routingConfig()?.additionalVersionWeights() ?: [:]
        [alias.functionVersion(), weights ? weights.keySet().first() : null, weights ? weights.values().first() : 0d]
    } catch (ResourceNotFoundException e) {
        null
    }
}
def panel = null
def watcher = Thread.start('viewer-watcher') {
    def last = null
    long since = 0
    boolean sampled = true
    boolean alarmed = false
    while (!stop.get()) {
        def alias = aliasNow()
        if (alias != last) {
            long changed = System.nanoTime()
            last = alias
            since = changed
            sampled = alias == null
            if (alias != null && alias[1] == null) {
                if (panel == null) {
                    panel = ViewerPanel.builder(sandbox.edgeFront(), sandbox.cloudFront().distributions()[0].id())
                            .viewers(1000).build()
                }
                int rounds = 0
                while (!stop.get() && rounds < 100) {
                    rounds++
                    def sample = panel.sample()
                    if (sample.allOn(build(alias[0]))) {
                        break
                    }
                }
                convergences << [version: alias[0], build: build(alias[0]), rounds: rounds,
                                 millis: (System.nanoTime() - changed).intdiv(1_000_000),
                                 distributionUpdates: sandbox.cloudFront().traffic().count('UpdateDistribution')]
            }
        } else if (!sampled && System.nanoTime() - since > 6_000_000_000L) {
            // containers CloudFront started on a new version serve blue until their first weights probe answers:
            // ask until two rounds in a row agree (at most five), and count the last
            def sample = panel.sample()
            for (int round = 0; round < 4; round++) {
                def again = panel.sample()
                boolean same = again.changedSince(sample).isEmpty()
                sample = again
                if (same) {
                    break
                }
            }
            if (aliasNow() == alias) {
                sampled = true
                samples << [version: alias[0], additionalVersion: alias[1], weight: alias[2],
                            primaryBuild: build(alias[0]), additionalBuild: alias[1] ? build(alias[1]) : null,
                            builds: sample.builds(), failures: sample.failures().size(),
                            byViewer: sample.answers().collectEntries { [(it.viewer().clientIp()): it.buildId()] },
                            distributionUpdates: sandbox.cloudFront().traffic().count('UpdateDistribution')]
                alarmed = alarmed || (alias[1] != null && build(alias[1]) == 'it-three-3')
            }
        }
        if (alarmed && alias != null && alias[1] != null) {
            // build 3's viewers report errors, as the widget's beacons would, for as long as it gets traffic
            cloudWatch.putMetricData(PutMetricDataRequest.builder().namespace('IT').metricData(MetricDatum.builder()
                    .metricName('Errors').value(1d).build()).build())
        }
        Thread.sleep(200)
    }
}
context.putAll([sandbox: sandbox, watcher: watcher, stop: stop, samples: samples, convergences: convergences,
                clients: [lambda, cloudWatch]])
return true

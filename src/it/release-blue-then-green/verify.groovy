import groovy.json.JsonSlurper

def json = new JsonSlurper()
def log = new File(basedir, 'build.log').text
def state = { String service -> json.parse(new File(basedir, "sandbox-state/${service}/${service}-state.json")).state }

// run 1 created the alias at once, run 2 shifted it with CodeDeploy, run 3 found build 2 live
assert log.contains('Released build it-blue-1 as it-widget:1 (CREATED')
assert log.contains('Released build it-green-2 as it-widget:2 (SHIFTED')
assert log.contains('Released build it-green-2 as it-widget:2 (ALREADY_LIVE')

// Lambda: two published versions, one per build, and alias live on version 2 with no routing left
def function = state('lambda').functions.find { it.name == 'it-widget' }
assert function != null
assert function.versions*.version == ['1', '2']
assert function.versions*.settings*.description == ['edge-deploy it-blue-1', 'edge-deploy it-green-2']
def live = function.aliases.find { it.name == 'live' }
assert live.functionVersion == '2'
assert live.additionalVersionWeights == [:]

// CodeDeploy: one deployment (run 2's), Succeeded, shifting 10 % … 100 % from version 1 to 2
def codeDeploy = state('codedeploy')
assert codeDeploy.deployments.size() == 1
def deployment = codeDeploy.deployments[0]
assert deployment.status == 'Succeeded'
assert deployment.config.toString().contains('LambdaLinear10PercentEvery1Minute')
def steps = codeDeploy.trafficHistory.findAll { it.deploymentId == deployment.id }
assert steps*.targetPercent == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
assert steps.every { it.targetVersion == '2' && !it.rollback }
assert steps[0].aliasVersion == '1'

// CloudFront: the bootstrapped distribution, whose current config runs version 2 on the widget behaviors
def distributions = state('cloudfront').distributions
assert distributions.size() == 1
def config = distributions[0].changes[-1].configXml
assert config.contains('<Comment>edge-deploy:it-widget</Comment>')
// entry, assets and the client error beacon
assert config.count('<LambdaFunctionARN>arn:aws:lambda:us-east-1:123456789012:function:it-widget:2</LambdaFunctionARN>') == 3
assert !config.contains('function:it-widget:1<')

// run 3: nothing published, no distribution change, no deployment
assert log.contains('Released build it-green-2 as it-widget:2 (ALREADY_LIVE, already live on version 2, nothing changed, version reused)')

// run 4, status as JSON (run 3's state): build 2 live on version 2, both behaviors on it, committed in every region
def status = json.parse(new File(basedir, 'target/edge-deploy/status.json'))
assert status.alias.version == '2'
assert status.alias.buildId == 'it-green-2'
assert status.alias.additionalVersion == null
assert status.deployment == null
assert status.distribution.behaviors*.versionArn.every { it.endsWith('function:it-widget:2') }
assert status.distribution.behaviors.size() == 2
def liveCommit = status.commits.find { it.buildId == 'it-green-2' }
assert liveCommit.role == 'live'
assert liveCommit.regions.size() == 3 && liveCommit.regions.every { it.committed }
assert status.commits.find { it.buildId == 'it-blue-1' }?.role == 'blue'

// run 5, rollback after the shift: the alias moved back, CloudFront was not touched (no change after run 2's)
assert log.contains('Alias back on version 1 (build it-blue-1) from version 2 (build it-green-2); CloudFront unchanged')

// run 6, status as a table: the alias on version 1
assert log =~ /Alias\s+it-widget:live → version 1 \(build it-blue-1\)/

// run 7, roll forward to build 2 again, all at once
assert log.contains('Build it-green-2 released again on version')

live = state('lambda').functions.find { it.name == 'it-widget' }.aliases.find { it.name == 'live' }
assert live.additionalVersionWeights == [:]
return true

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

// CloudFront: the bootstrapped distribution, whose current config runs version 2 on both widget behaviors
def distributions = state('cloudfront').distributions
assert distributions.size() == 1
def config = distributions[0].changes[-1].configXml
assert config.contains('<Comment>edge-deploy:it-widget</Comment>')
assert config.count('<LambdaFunctionARN>arn:aws:lambda:us-east-1:123456789012:function:it-widget:2</LambdaFunctionARN>') == 2
assert !config.contains('function:it-widget:1<')

// run 3 (the record is the last run's): nothing published, no distribution change, no deployment
def release = json.parse(new File(basedir, 'target/edge-deploy/deployment.json')).release
assert release.buildId == 'it-green-2'
assert release.blueBuildId == 'it-blue-1'
assert release.outcome == 'ALREADY_LIVE'
assert release.version == '2'
assert !release.published
assert !release.distributionUpdated
assert release.deploymentId == null
return true

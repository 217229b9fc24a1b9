def log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert log =~ /S3 \(path-style\) http:\/\/127\.0\.0\.1:\d+/
assert log =~ /Lambda +http:\/\/127\.0\.0\.1:\d+/
assert log =~ /CloudFront +http:\/\/127\.0\.0\.1:\d+/
assert log =~ /CloudWatch +http:\/\/127\.0\.0\.1:\d+/
assert log =~ /CodeDeploy +http:\/\/127\.0\.0\.1:\d+/
assert log =~ /Route53 +http:\/\/127\.0\.0\.1:\d+ +DNS udp:\/\/127\.0\.0\.1:\d+/
assert log.contains('Stopping after PT1S.')
assert log.contains('Sandbox stopped')
assert !log.contains('edge-sandbox-not-a-secret')
// the state is on disk: the default buckets exist for the next run
['us-east-1', 'eu-west-1', 'ap-southeast-2'].each { region ->
    assert new File(basedir, "sandbox-state/s3/edge-deploy-${region}").isDirectory()
}
return true

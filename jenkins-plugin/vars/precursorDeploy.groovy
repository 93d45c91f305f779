// Pipeline shared library step: record a deploy with Precursor, optionally verify it afterwards.
//
//   precursorDeploy(service: 'checkout', version: env.VERSION, environment: 'production')
//   precursorDeploy(service: 'checkout', version: env.VERSION, verify: '10m')   // needs the CLI on the agent
//
// Arguments: service, version (required); environment, kind ('deploy'|'config'), commit, url,
// engineUrl (default env.PRECURSOR_ENGINE_URL, else http://localhost:8470), credentialsId (a
// "Secret text" credential holding the engine's api.token; default 'precursor-api-token', '' for none),
// verify (a window such as '10m': runs `precursor deploy-verify` and marks the build UNSTABLE on
// watch-tier risk, FAILURE on alert-tier risk), cli (the deploy-verify command, default './precursor').
// Needs the HTTP Request plugin (httpRequest) and the Credentials Binding plugin (withCredentials).
// Returns the id of the recorded deploy.
def call(Map args = [:]) {
    if (!args.service) {
        error('precursorDeploy: service is required, e.g. precursorDeploy(service: "checkout", version: env.VERSION)')
    }
    if (!args.version) {
        error('precursorDeploy: version is required, e.g. precursorDeploy(service: "checkout", version: env.VERSION)')
    }
    String engine = (args.engineUrl ?: env.PRECURSOR_ENGINE_URL ?: 'http://localhost:8470').toString().replaceAll('/+$', '')
    String commit = args.commit ?: env.GIT_COMMIT
    String url = args.url ?: env.BUILD_URL
    String source = 'jenkins' + (env.JOB_NAME ? ":${env.JOB_NAME}" + (env.BUILD_NUMBER ? "#${env.BUILD_NUMBER}" : '') : '')
    Map body = [service: args.service.toString(), version: args.version.toString(),
                kind: (args.kind ?: 'deploy').toString(), source: source]
    if (args.environment) { body.environment = args.environment.toString() }
    if (commit) { body.commit = commit.toString() }
    if (url) { body.url = url.toString() }
    String payload = groovy.json.JsonOutput.toJson(body)

    String credentialsId = args.containsKey('credentialsId') ? args.credentialsId : 'precursor-api-token'
    def response
    if (credentialsId) {
        withCredentials([string(credentialsId: credentialsId, variable: 'PRECURSOR_API_TOKEN')]) {
            response = post(engine, payload, [[name: 'Authorization', value: "Bearer ${env.PRECURSOR_API_TOKEN}", maskValue: true]])
        }
    } else {
        response = post(engine, payload, [])
    }
    def stored = new groovy.json.JsonSlurperClassic().parseText(response.content)
    echo "Precursor: recorded deploy ${stored.id} of ${stored.service} ${stored.version}"

    if (args.verify) {
        String cli = args.cli ?: './precursor'
        int rc = sh(returnStatus: true, script: "${cli} deploy-verify --engine '${engine}' --service '${args.service}' --version '${args.version}' --window '${args.verify}'")
        if (rc == 3) {
            currentBuild.result = 'FAILURE'
            echo 'Precursor: alert-tier risk after this deploy (see the report above); consider rolling back.'
        } else if (rc == 1) {
            unstable('Precursor: watch-tier risk after this deploy, or verification could not complete (see above).')
        } else if (rc != 0) {
            unstable("Precursor: deploy-verify failed with exit code ${rc}.")
        }
    }
    return stored.id
}

private def post(String engine, String payload, List headers) {
    return httpRequest(url: "${engine}/api/v1/deploys", httpMode: 'POST', contentType: 'APPLICATION_JSON',
                       requestBody: payload, customHeaders: headers, validResponseCodes: '201',
                       timeout: 15, consoleLogResponseBody: false, quiet: true)
}

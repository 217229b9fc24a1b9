/**
 * The sandbox's AWS Lambda: {@link dev.edgedeploy.sandbox.lambda.LambdaService}.
 *
 * <p><b>Wire protocol.</b> REST-JSON, API version 2015-03-31, as the AWS SDK for Java v2 (2.40.2) sends it.
 * Operations: CreateFunction, GetFunction, GetFunctionConfiguration, UpdateFunctionCode, PublishVersion,
 * ListVersionsByFunction, CreateAlias, GetAlias, UpdateAlias, DeleteFunction, Invoke. Errors carry
 * {@code x-amzn-ErrorType} and {@code {"Type":"User","message":…}} (ResourceNotFoundException: {@code Message}),
 * with the service model's statuses: InvalidParameterValueException 400, ResourceNotFoundException 404,
 * ResourceConflictException 409, PreconditionFailedException 412, TooManyRequestsException 429 (with
 * {@code Reason}), InvalidRequestContentException 400, RequestTooLargeException 413, InvalidRuntimeException 502.
 * Violations of the model's member constraints (pattern, length, range, enum, required) are one
 * {@code ValidationException} (400) listing each, in Lambda's wording ("1 validation error detected: Value '901'
 * at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"); the SDK raises
 * it as {@code LambdaException} with that error code, as it does against AWS. A request without a well-formed
 * SigV4 {@code Authorization} header is refused (403 MissingAuthenticationTokenException /
 * IncompleteSignatureException), so is one scoped to another service or region, or whose {@code X-Amz-Date} is
 * more than 15 minutes from now or on another day than its scope (403 InvalidSignatureException); the signature
 * itself is not recomputed.
 *
 * <p><b>Asynchronous changes.</b> CreateFunction, UpdateFunctionCode and each new version stay
 * {@code State: Pending} (creation, new versions) or {@code LastUpdateStatus: InProgress} (code update) for the
 * configurable update delay (zero: immediate), then Active/Successful with a new RevisionId. Meanwhile another
 * update or a publish is a ResourceConflictException ("An update is in progress for resource: …"), invoking a
 * Pending version is a ResourceConflictException, and invoking {@code $LATEST} runs the previous code, as
 * Lambda does. The SDK waiters (FunctionActiveV2, FunctionUpdatedV2, PublishedVersionActive) work unchanged.
 *
 * <p><b>Versions.</b> Numbered 1, 2, … per function, never reused. PublishVersion returns the newest version
 * instead of creating one when {@code $LATEST}'s code hash and configuration equal it (API reference: "Lambda
 * doesn't publish a version if the function's configuration and code haven't changed since the last version").
 * A {@code CodeSha256} that differs from {@code $LATEST}'s is an InvalidParameterValueException ("CodeSHA256 (…)
 * is different from current CodeSHA256 in $LATEST (…)", what AWS answers); a stale {@code RevisionId} is a
 * PreconditionFailedException. DeleteFunction of a version that does not exist answers 204 (measured on AWS);
 * it refuses a version an alias references (ResourceConflictException)
 * and, through the injectable replication check, a version CloudFront still replicates ("Lambda was unable to
 * delete … because it is a replicated function"), also when the whole function is deleted.
 *
 * <p><b>Aliases.</b> Names match {@code (?!^[0-9]+$)([a-zA-Z0-9-_]+)}; RoutingConfig holds at most one
 * additional version, a published number other than the primary, weight 0.0–1.0; {@code $LATEST} cannot be
 * routed. Invoking an alias draws the version per invocation from the injectable random source and reports it
 * in {@code X-Amz-Executed-Version}.
 *
 * <p><b>Invoke.</b> Each version's zip is stored and unpacked once (by hash) and run by {@code lambda-runtime.mjs}
 * in the machine's {@code node}: a warm worker per version, reused across invocations, at most
 * {@code concurrencyLimit} processes (an idle worker of another version is stopped to make room; when all are
 * busy, TooManyRequestsException with Reason ConcurrentInvocationLimitExceeded). The handler module is
 * {@code <path>.js|.mjs|.cjs} under the task root, loaded in an init phase outside the timeout. The context has
 * functionName, functionVersion, invokedFunctionArn, awsRequestId, memoryLimitInMB, log group/stream and
 * getRemainingTimeInMillis(); the environment has Lambda's reserved variables (AWS_REGION,
 * AWS_LAMBDA_FUNCTION_NAME/VERSION/MEMORY_SIZE, AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, _HANDLER, TZ, and the
 * sandbox execution credentials AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN) over the configured
 * ones, and nothing of the JVM's environment but PATH. A thrown error is status 200 with
 * {@code X-Amz-Function-Error: Unhandled} and {@code {errorType, errorMessage, trace}}; a timeout stops the
 * worker and answers {@code Sandbox.Timedout} "Task timed out after N.00 seconds"; a process exit answers
 * {@code Runtime.ExitError}; import failures {@code Runtime.ImportModuleError}/{@code Runtime.HandlerNotFound}.
 * {@code X-Amz-Invocation-Type: Event} answers 202 and runs in the background, waiting while throttled (for up to
 * 5 minutes; a failed event is logged, not retried, and there are no destinations);
 * {@code DryRun} answers 204; {@code X-Amz-Log-Type: Tail} returns the last 4 KB of START/log/END/REPORT lines.
 * Function console output goes to the SLF4J logger {@code dev.edgedeploy.sandbox.lambda.function}.
 *
 * <p><b>Not modelled.</b> Other operations (UpdateFunctionConfiguration, ListAliases, DeleteAlias, …) answer
 * 404 UnknownOperationException. Image packages are refused as missing images. Only {@code nodejs*} runtimes
 * run (others are created but Invoke answers InvalidRuntimeException). State is kept in
 * {@code lambda-state.json} in the work directory ({@link dev.edgedeploy.sandbox.StateFile}) and restored on start.
 */
package dev.edgedeploy.sandbox.lambda;

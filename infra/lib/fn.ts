import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { REPO_ROOT } from './areas';
import type { LieuConfig } from './config';

/** ESM bundles still meet CommonJS dependencies that call `require` (the AWS SDK's): give them one. */
export const ESM_REQUIRE_BANNER = "import { createRequire as __lieuCreateRequire } from 'node:module';const require = __lieuCreateRequire(import.meta.url);";

export interface LieuFunctionProps {
  entry: string;
  /** Exported handler name in the entry (default `handler`). */
  handler?: string;
  description: string;
  environment: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  config: LieuConfig;
  paramsAndSecrets?: lambda.ParamsAndSecretsLayerVersion;
}

/**
 * One Lambda function the way every Lieu function is built: arm64, Node 22, an explicit log group with
 * retention, JSON logs, and an esbuild bundle made locally (no Docker): ESM, minified, source maps.
 * With context `lieu:bundling=stub` (the assertion tests) the code is an inline stub and esbuild does not run.
 */
export class LieuFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LieuFunctionProps) {
    super(scope, id);
    const prod = props.config.stage === 'prod';
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: prod ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.TWO_WEEKS,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const common = {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: { NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'INFO', ...props.environment },
      ...(props.paramsAndSecrets ? { paramsAndSecrets: props.paramsAndSecrets } : {}),
    };
    const handlerName = props.handler ?? 'handler';
    this.fn = props.config.bundling === 'stub'
      ? new lambda.Function(this, 'Function', {
        ...common,
        code: lambda.Code.fromInline(`exports.${handlerName} = async () => ({ statusCode: 503 }); // stub: ${props.entry}`),
        handler: `index.${handlerName}`,
      })
      : new NodejsFunction(this, 'Function', {
        ...common,
        entry: props.entry,
        handler: handlerName,
        projectRoot: REPO_ROOT,
        depsLockFilePath: join(REPO_ROOT, 'pnpm-lock.yaml'),
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          platform: 'node',
          mainFields: ['module', 'main'],
          minify: true,
          sourceMap: true,
          sourceMapMode: SourceMapMode.DEFAULT, // linked: the `sourceMappingURL` comment lets --enable-source-maps find the map
          sourcesContent: false,
          banner: ESM_REQUIRE_BANNER,
          // Bundle the AWS SDK too: a bundled client starts faster than the runtime's copy.
          externalModules: [],
          forceDockerBundling: false,
          logLevel: LogLevel.WARNING,
        },
      });
  }
}

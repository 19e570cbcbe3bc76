import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag AwsSolutions finding on a construct (and its children). Every call states
 * why the rule does not apply or what is done instead; `pnpm synth` and infra/test/nag.test.ts fail on
 * any finding that is not acknowledged this way.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The CloudFormation logical id of a construct's resource, as cdk-nag prints it in findings (`<Id.Arn>`). */
export function logicalId(scope: IConstruct): string {
  const el = (scope.node.defaultChild ?? scope) as CfnElement;
  return Stack.of(scope).resolve(Stack.of(scope).getLogicalId(el)) as string;
}

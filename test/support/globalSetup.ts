import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../packages/local/src/dynamo';

/** Starts one Amazon DynamoDB Local (in memory) for the whole test run: a JVM per file would eat this 2-core machine. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => { await dynamo.stop(); };
}

declare module 'vitest' {
  export interface ProvidedContext { dynamoEndpoint: string }
}

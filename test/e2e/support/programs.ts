// The programs the end-to-end suite runs, shared by the scenario that writes a state and the
// one that reads it back (engine-state.test.ts).
import { DEMO_PROJECT_ID } from "../../../provider/emulator";

export const OTHER_PROJECT = "1b2c3d4e5f60718293a4b5c6d7e8f9a0";
export const INSTANCE = "roma-nightly-inst";

/** A YAML program named `name` that finds the roma plugin in `pluginDir`, with these resources (YAML text, indented two spaces). */
export const yamlWithPlugin = (name: string, pluginDir: string, resources: string): string => `name: ${name}
runtime: yaml
plugins:
  providers:
    - name: roma
      path: ${pluginDir}
resources:
${resources}`;

export function programYaml(pluginDir: string, url: string, extraResources = ""): string {
    return `name: roma-yaml
runtime: yaml
description: The roma native provider from a YAML program
plugins:
  providers:
    - name: roma
      path: ${pluginDir}
config:
  token:
    type: string
    secret: true
outputs:
  pipelineTasks: \${pipeline.tasks}
  otherTasks: \${other.tasks}
resources:
  # One explicit provider per project, as a program that spans two projects declares them.
  projectA:
    type: pulumi:providers:roma
    properties:
      endpoint: ${url}
      drsEndpoint: ${url}
      projectId: ${DEMO_PROJECT_ID}
      authToken: \${token}
  projectB:
    type: pulumi:providers:roma
    properties:
      endpoint: ${url}
      drsEndpoint: ${url}
      projectId: ${OTHER_PROJECT}
      authToken: \${token}
  pipeline:
    type: roma:fdi:TaskRunState
    properties:
      instanceId: ${INSTANCE}
      taskIds: [orders-extract, orders-clean, customers-extract]
      state: started
      onDelete: stop
    options:
      provider: \${projectA}
  backfill:
    type: roma:fdi:TaskProgressReset
    properties:
      instanceId: ${INSTANCE}
      taskId: orders-composite
      dateFrom: 1793491200000
    options:
      provider: \${projectA}
  feeds:
    type: roma:drs:JobRetry
    properties:
      jobIds: [5d1c2b3a-0000-4000-8000-00000000a001]
    options:
      provider: \${projectA}
  other:
    type: roma:fdi:TaskRunState
    properties:
      instanceId: ${INSTANCE}
      taskIds: [b-extract, b-load]
      state: started
    options:
      provider: \${projectB}
${extraResources}`;
}

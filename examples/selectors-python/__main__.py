"""Keep every FDI task tagged `nightly` running, and export their last runs and schedules.

The same stack as examples/selectors (TypeScript), through the roma native provider, on the
generated Python SDK: `pip install -r requirements.txt ../../sdk/python` (or `pulumi package add
../../plugin`, which generates the same package). The end-to-end suite runs this file under the
real CLI (test/e2e/selectors.test.ts).

The selector is given as the SDK's input classes: a plain dict works for the resource, but the
Python SDK sends a function's dict arguments as they are, so `{"task_tag": ...}` would reach
`getTasks` as an unknown `task_tag` (the schema's name is `taskTag`).
"""

import pulumi
import pulumi_roma as roma

config = pulumi.Config("example")
instance_id = config.get("instanceId") or "roma-nightly-inst"
tag = config.get("tag") or "nightly"

nightly = roma.fdi.TaskRunState(
    "nightly",
    instance_id=instance_id,
    selector=roma.fdi.TaskSelectorArgs(task_tag=tag),
    state=roma.fdi.RunState.STARTED,
    on_delete=roma.fdi.OnDelete.RESTORE,
)

runs = roma.fdi.get_tasks_output(instance_id=instance_id, selector=roma.fdi.TaskSelector(task_tag=tag), with_last_run=True)

pulumi.export("nightlyTasks", nightly.tasks)
pulumi.export("lastRuns", runs.tasks.apply(lambda tasks: {t.task_id: t.last_execute_time or "never" for t in tasks}))
pulumi.export("schedules", runs.tasks.apply(lambda tasks: {t.task_id: t.cron or t.period or "none" for t in tasks}))

"""Keep every FDI task tagged `nightly` running, and export their last runs and schedules.

The same stack as examples/selectors (TypeScript), through the roma native provider. Generate
its SDK first, from this folder: `pulumi package add ../../plugin`, which writes the local
`pulumi_roma` package and adds it to requirements.txt. The module and argument names below are
what SDK generation derives from the schema (package `roma`, module `fdi`) [inference: not run
here, see the README's "Native provider" section]. Object inputs are given as dicts, which the
generated SDK accepts for its input types.
"""

import pulumi
import pulumi_roma as roma

config = pulumi.Config("example")
instance_id = config.get("instanceId") or "roma-nightly-inst"
selector = {"task_tag": config.get("tag") or "nightly"}

nightly = roma.fdi.TaskRunState(
    "nightly",
    instance_id=instance_id,
    selector=selector,
    state="started",
    on_delete="restore",
)

runs = roma.fdi.get_tasks_output(instance_id=instance_id, selector=selector, with_last_run=True)

pulumi.export("nightlyTasks", nightly.tasks)
pulumi.export("lastRuns", runs.tasks.apply(lambda tasks: {t.task_id: t.last_execute_time or "never" for t in tasks}))
pulumi.export("schedules", runs.tasks.apply(lambda tasks: {t.task_id: t.cron or t.period or "none" for t in tasks}))

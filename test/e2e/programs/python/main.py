"""A Python program that uses the generated Python SDK (sdk/python, package pulumi_roma), run by
the end-to-end suite (test/e2e/python.test.ts) in a venv with PyPI's `pulumi`.

The Python language host's Go module is not served by the module proxy, so the program runs as an
Automation API inline program: the Python SDK's own language server, with the real CLI pointed at
it (`--client`), in the project folder the suite prepares (Pulumi.yaml, stack config, backend from
the environment).

Usage: python main.py <preview|up|refresh|destroy> <project dir> <stack>
"""

import sys

import pulumi
import pulumi_roma as roma
from pulumi import automation as auto


def program() -> None:
    pipeline = roma.fdi.TaskRunState(
        "pipeline",
        instance_id="roma-nightly-inst",
        task_ids=["orders-extract", "orders-clean", "inventory-sync"],
        state=roma.fdi.RunState.STARTED,
        on_delete=roma.fdi.OnDelete.RESTORE,
    )
    pulumi.export("tasks", pipeline.tasks)


def main(command: str, work_dir: str, stack_name: str) -> None:
    # Inline (program and project name) in the prepared folder, whose Pulumi.yaml names the plugin.
    stack = auto.select_stack(
        stack_name=stack_name,
        project_name="roma-python",
        program=program,
        opts=auto.LocalWorkspaceOptions(work_dir=work_dir),
    )
    if command == "preview":
        result = stack.preview(on_output=print)
        print(f"changes: {result.change_summary}")
    elif command == "up":
        stack.up(on_output=print)
    elif command == "refresh":
        stack.refresh(on_output=print)
    elif command == "destroy":
        stack.destroy(on_output=print)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit("usage: main.py <preview|up|refresh|destroy> <project dir> <stack>")
    main(*sys.argv[1:])

"""Runs a Python Pulumi program file (a project's __main__.py) under the real CLI, as the end-to-end
suite does for Python (test/e2e/polyglot.test.ts): the Python language host's Go module is not
served by the module proxy, so the file runs as an Automation API inline program, in the project
folder given (its Pulumi.yaml, stack config and the backend from the environment apply).

Usage: python run_program.py <program.py> <preview|up|refresh|destroy> <project dir> <stack>
"""

import runpy
import sys

from pulumi import automation as auto


def main(program_file: str, command: str, work_dir: str, stack_name: str) -> None:
    stack = auto.select_stack(
        stack_name=stack_name,
        project_name=auto.LocalWorkspace(work_dir=work_dir).project_settings().name,
        program=lambda: runpy.run_path(program_file, run_name="__main__"),
        opts=auto.LocalWorkspaceOptions(work_dir=work_dir),
    )
    run = {"preview": stack.preview, "up": stack.up, "refresh": stack.refresh, "destroy": stack.destroy}.get(command)
    if run is None:
        raise SystemExit(f"unknown command {command!r}")
    run(on_output=print)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit("usage: run_program.py <program.py> <preview|up|refresh|destroy> <project dir> <stack>")
    main(*sys.argv[1:])

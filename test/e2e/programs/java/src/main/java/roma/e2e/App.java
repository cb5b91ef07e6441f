// A Java program that uses the generated Java SDK (sdk/java, package com.pulumiromatasks.roma),
// run by the end-to-end suite (test/e2e/java.test.ts) under the real CLI and the real Java
// language host, which builds and starts it with Maven (`mvn compile exec:java`).
package roma.e2e;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumiromatasks.roma.fdi.FdiFunctions;
import com.pulumiromatasks.roma.fdi.TaskRunState;
import com.pulumiromatasks.roma.fdi.TaskRunStateArgs;
import com.pulumiromatasks.roma.fdi.enums.OnDelete;
import com.pulumiromatasks.roma.fdi.enums.RunState;
import com.pulumiromatasks.roma.fdi.inputs.GetTasksArgs;
import java.util.List;
import java.util.stream.Collectors;

public class App {
    private static final List<String> TASKS = List.of("orders-extract", "orders-clean", "inventory-sync");

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    private static void stack(Context ctx) {
        var pipeline = new TaskRunState("pipeline", TaskRunStateArgs.builder()
            .instanceId("roma-nightly-inst")
            .taskIds(TASKS)
            .state(RunState.Started)
            .onDelete(OnDelete.Restore)
            .build());
        ctx.export("tasks", pipeline.tasks().applyValue(tasks -> tasks.stream()
            .map(t -> t.taskId() + "=" + t.status())
            .collect(Collectors.toList())));

        // Read back through the function, after the resource: its instance ID is the resource's output.
        var read = FdiFunctions.getTasks(GetTasksArgs.builder()
            .instanceId(pipeline.instanceId())
            .taskIds(TASKS)
            .build());
        ctx.export("read", read.applyValue(result -> result.tasks().stream()
            .map(t -> t.taskId() + "=" + t.status())
            .collect(Collectors.toList())));
    }
}

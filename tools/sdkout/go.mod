module github.com/pulumi-roma-tasks/pulumi-roma-tasks/tools/sdkout

go 1.24.7

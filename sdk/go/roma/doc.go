// Pulumi resources for Huawei Cloud ROMA Connect FDI task run state, composite-task progress reset and DRS job retry.
package roma

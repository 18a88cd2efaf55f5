namespace Interchange.Audit;

/// <summary>A queued record and the waiter that learns when its batch is durable.</summary>
internal readonly record struct PendingAppend(AuditRecord Record, TaskCompletionSource<long> Completion);

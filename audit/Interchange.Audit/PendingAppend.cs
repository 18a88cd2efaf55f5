namespace Interchange.Audit;

/// <summary>A queued record, its leaf hash, and the waiter that learns when its batch is durable.</summary>
internal readonly record struct PendingAppend(AuditRecord Record, byte[] LeafHash, TaskCompletionSource<long> Completion);

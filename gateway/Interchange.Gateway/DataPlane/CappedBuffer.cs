using System.Buffers;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// A write-only stream (and buffer writer) into pooled memory that refuses to hold more than a limit, for answers that
/// must be held whole before release (personal data: the audit record names every subject first).
/// </summary>
internal sealed class CappedBuffer(int limit) : Stream, IBufferWriter<byte>
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 16 * 1024));
    private int _length;

    /// <summary>Thrown when a write would pass the limit; nothing of the answer may be released then.</summary>
    public sealed class FullException() : Exception("The buffer limit was reached.");

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > limit - _length)
        {
            throw new FullException();
        }

        Reserve(buffer.Length);
        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    private void Reserve(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }

        // Up to the limit, plus what one GetMemory asks beyond it (the writer's hint, a few KB at most): a write past
        // the limit fails when it is committed, not here.
        var size = Math.Max(Math.Min((long)_buffer.Length * 2, limit), (long)_length + count);
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, Array.MaxLength));
        _buffer.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }

    /// <summary>Room for at least <paramref name="sizeHint"/> bytes; the limit is enforced on what is committed (<see cref="Advance"/>).</summary>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > limit - _length)
        {
            throw new FullException();
        }

        _length += count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
    }
}

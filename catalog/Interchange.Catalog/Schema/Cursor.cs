using System.Globalization;
using System.Text;
using GraphQL;

namespace Interchange.Catalog.Schema;

/// <summary>
/// Opaque page cursors: base64url of <c>&lt;connection&gt;:&lt;sort key&gt;</c>. The connection name makes a string
/// this API never issued (or a cursor of another connection) fail with BAD_USER_INPUT instead of silently
/// becoming an arbitrary page position.
/// </summary>
public static class Cursor
{
    public const string Datasets = "datasets";

    public const string AuditEvents = "auditEvents";

    public const string AccessRequests = "accessRequests";

    public const string Grants = "grants";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string connection, string key) =>
        Convert.ToBase64String(StrictUtf8.GetBytes(connection + ":" + key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The sort key of a cursor that <see cref="Encode"/> issued for <paramref name="connection"/>.</summary>
    public static string Decode(string connection, string cursor)
    {
        string text;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            text = StrictUtf8.GetString(Convert.FromBase64String(base64));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw NotIssued();
        }

        var prefix = connection + ":";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Length == prefix.Length || Encode(connection, text[prefix.Length..]) != cursor)
        {
            throw NotIssued();
        }

        return text[prefix.Length..];
    }

    public static string EncodeIndex(string connection, long index) => Encode(connection, index.ToString(CultureInfo.InvariantCulture));

    public static long DecodeIndex(string connection, string cursor) =>
        long.TryParse(Decode(connection, cursor), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw NotIssued();

    private static ExecutionError NotIssued() => new("The 'after' cursor is not one this API issued.") { Code = ErrorCodes.BadUserInput };
}

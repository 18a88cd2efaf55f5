using System.Text;
using GraphQL;

namespace Interchange.Catalog.Schema;

/// <summary>Opaque page cursors: base64url of the sort key.</summary>
public static class Cursor
{
    public static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Decode(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new ExecutionError("The 'after' cursor is not one this API issued.") { Code = ErrorCodes.BadUserInput };
        }
    }

    public static long DecodeIndex(string cursor) =>
        long.TryParse(Decode(cursor), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new ExecutionError("The 'after' cursor is not one this API issued.") { Code = ErrorCodes.BadUserInput };
}

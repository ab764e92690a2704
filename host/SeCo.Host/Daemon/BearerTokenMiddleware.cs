using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SeCo.Host.Daemon;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> on every request except <c>/healthz</c>: the scheme in any case
/// (RFC 7235), the token compared in constant time.
/// </summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/healthz"))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString().Trim();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var given = space > 0 && header[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetBytes(header[(space + 1)..].TrimStart())
            : [];
        if (CryptographicOperations.FixedTimeEquals(given, _expected))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsJsonAsync(new { error = "A bearer token is required (Authorization: Bearer <token>)." }, DaemonJson.Options);
    }
}

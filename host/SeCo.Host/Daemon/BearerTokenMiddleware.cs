using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SeCo.Host.Daemon;

/// <summary>Requires <c>Authorization: Bearer &lt;token&gt;</c> on every request except <c>/healthz</c> (compared in constant time).</summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + token);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/healthz"))
        {
            return next(context);
        }

        var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        if (CryptographicOperations.FixedTimeEquals(given, _expected))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsJsonAsync(new { error = "A bearer token is required (Authorization: Bearer <token>)." }, DaemonJson.Options);
    }
}

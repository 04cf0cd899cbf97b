using System.Net;
using System.Net.Sockets;

namespace BigDL.Grains;

/// <summary>Finds a TCP port on 127.0.0.1 that nothing listens on, for in-process silos that must not collide.</summary>
public static class FreePort
{
    /// <summary>Returns a port the operating system just handed out and released (another process could take it before use; a caller that fails to bind asks again).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

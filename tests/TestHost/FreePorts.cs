using System.Net;
using System.Net.Sockets;

namespace BigDL.TestHost;

/// <summary>Picks TCP ports that are free on the loopback address, for hosts a test starts itself.</summary>
public static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct ports the system just handed out; all listeners are held until every port is picked, so none repeats.</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}

// Whole-message send and receive on a ClientWebSocket, with the bounds the link needs: a send
// or a receive that takes longer than its timeout fails the connection (the link reconnects),
// and a message over 16 MB from SLATE is refused rather than buffered.
using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;

namespace Slate.Bridge.Link
{
    static class LinkSocket
    {
        public static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(10);

        public static void Send(ClientWebSocket ws, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (!ws.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Text, true, CancellationToken.None).Wait(IoTimeout))
                throw new TimeoutException("send timed out");
        }

        /// <summary>One whole text message, or null when the peer closed.</summary>
        public static string ReceiveText(ClientWebSocket ws, CancellationToken ct, TimeSpan timeout)
        {
            var buffer = new byte[16 * 1024];
            var all = new MemoryStream();
            while (true)
            {
                var task = ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                if (!task.Wait(timeout)) throw new TimeoutException("nothing from SLATE in " + timeout.TotalSeconds + " s");
                var r = task.Result;
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    if (ws.State == WebSocketState.CloseReceived)
                        ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).Wait(1000);
                    return null;
                }
                all.Write(buffer, 0, r.Count);
                if (all.Length > 16 * 1024 * 1024) throw new IOException("message from SLATE over 16 MB");
                if (r.EndOfMessage) return Encoding.UTF8.GetString(all.GetBuffer(), 0, (int)all.Length);
            }
        }

        public static string Describe(Exception e)
        {
            var agg = e as AggregateException;
            if (agg != null && agg.InnerException != null) e = agg.Flatten().InnerException;
            return e.GetType().Name + ": " + e.Message;
        }

        public static string Cut(string s, int n) { return s.Length <= n ? s : s.Substring(0, n) + "…"; }
    }
}

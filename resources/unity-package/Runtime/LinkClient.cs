// The link's WebSocket client: one background thread per client that connects, says hello,
// sends what the game queued and reconnects with backoff when the connection drops. Nothing here
// touches a Unity API (they are main-thread only): the host (EditorLink, PlayerLink) feeds state,
// counters, frames and logs in, and takes commands out on its own main thread.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Threading;

namespace Slate.Bridge.Link
{
    public enum LinkStatus { Idle, Connecting, Connected, Refused, Stopped }

    public sealed class LinkCommand
    {
        public long Id;
        public string Name;
        public Dictionary<string, object> Args;
    }

    public struct FrameSample
    {
        public long Index;
        public double Time;
        public double[] Values; // NaN = not sampled
    }

    public sealed class LinkClient : IDisposable
    {
        public const int BadTokenCloseCode = 4401;
        const int MaxQueuedMessages = 4096;
        const int MaxQueuedFrames = 1024;
        const int LogsPerBatch = 512;
        static readonly TimeSpan WelcomeTimeout = TimeSpan.FromSeconds(5);

        readonly Func<LinkEndpoint> _endpoint;
        readonly Dictionary<string, object> _process;
        readonly ConcurrentQueue<LinkCommand> _commands = new ConcurrentQueue<LinkCommand>();
        readonly ConcurrentQueue<string> _messages = new ConcurrentQueue<string>();
        readonly ConcurrentQueue<FrameSample> _frames = new ConcurrentQueue<FrameSample>();
        readonly AutoResetEvent _wake = new AutoResetEvent(false);
        readonly ManualResetEvent _stop = new ManualResetEvent(false);
        readonly object _slotLock = new object();
        string _state, _counters;          // latest-wins slots, re-sent after every welcome
        bool _stateDirty, _countersDirty;
        int _queuedMessages, _queuedFrames;
        Thread _thread;
        volatile LinkStatus _status = LinkStatus.Idle;
        volatile string _sessionId;
        volatile string _lastError;
        string _refusedToken;
        long _welcomes, _ignored, _droppedMessages;

        public readonly LogQueue Logs;
        /// <summary>Milliseconds to wait before the n-th reconnection attempt (0-based); tests shorten it.</summary>
        public Func<int, int> Backoff = n => Math.Min(5000, 250 << Math.Min(n, 5));

        /// <param name="endpoint">asked before every connection attempt; null = no link configured (yet)</param>
        /// <param name="process">the hello's `process` object, built by the host on its main thread</param>
        public LinkClient(Func<LinkEndpoint> endpoint, Dictionary<string, object> process, string resume, int logCapacity)
        {
            _endpoint = endpoint;
            _process = process;
            _sessionId = resume;
            Logs = new LogQueue(logCapacity);
        }

        public LinkStatus Status { get { return _status; } }
        /// <summary>The sessionId of the last welcome: sent back as `resume` on every reconnect.</summary>
        public string SessionId { get { return _sessionId; } }
        public string LastError { get { return _lastError; } }
        public long Welcomes { get { return Interlocked.Read(ref _welcomes); } }
        /// <summary>Down messages that were not JSON or of an unknown type (ignored, like the core does).</summary>
        public long Ignored { get { return Interlocked.Read(ref _ignored); } }
        public long DroppedMessages { get { return Interlocked.Read(ref _droppedMessages); } }
        /// <summary>Raised on the link thread after each welcome.</summary>
        public event Action<string> Welcomed;

        public void Start()
        {
            if (_thread != null) return;
            _thread = new Thread(Run) { IsBackground = true, Name = "Slate.Bridge.Link" };
            _thread.Start();
        }

        /// <summary>Sends what is queued (up to flushTimeoutMs), closes the socket and ends the thread.
        /// The Editor calls this before a domain reload, so replies and the last state go out first.</summary>
        public void Stop(int flushTimeoutMs)
        {
            _stop.Set();
            _wake.Set();
            var t = _thread;
            if (t != null && !t.Join(Math.Max(100, flushTimeoutMs + 1000))) _lastError = "link thread did not stop in time";
            _status = LinkStatus.Stopped;
        }

        public void Dispose() { Stop(0); }

        public void SetState(string json) { lock (_slotLock) { _state = json; _stateDirty = true; } _wake.Set(); }
        public void SetCounters(string json) { lock (_slotLock) { _counters = json; _countersDirty = true; } _wake.Set(); }

        /// <summary>Queues a message that must not be lost to a reconnect (reply, compile); dropped only past the bound.</summary>
        public void Send(string json)
        {
            if (Interlocked.Increment(ref _queuedMessages) > MaxQueuedMessages)
            {
                Interlocked.Decrement(ref _queuedMessages);
                Interlocked.Increment(ref _droppedMessages);
                return;
            }
            _messages.Enqueue(json);
            _wake.Set();
        }

        /// <summary>Queues a frame; while not connected frames are not kept (a live view wants now, not then).</summary>
        public void AddFrame(FrameSample frame)
        {
            if (_status != LinkStatus.Connected) return;
            var queued = Interlocked.Increment(ref _queuedFrames);
            if (queued > MaxQueuedFrames) { Interlocked.Decrement(ref _queuedFrames); return; }
            _frames.Enqueue(frame);
            // Wake the sender once per batch of 16 (waking costs a system call; otherwise it wakes every 100 ms).
            if (queued == 16) _wake.Set();
        }

        public bool TryTakeCommand(out LinkCommand cmd) { return _commands.TryDequeue(out cmd); }

        public void Reply(long id, object result)
        {
            var w = new JsonWriter().BeginObject().Key("t").Value("reply").Key("id").Value(id).Key("ok").Value(true);
            w.Key("result").Any(result ?? new Dictionary<string, object>());
            Send(w.EndObject().ToString());
        }

        public void ReplyError(long id, string error)
        {
            Send(new JsonWriter().BeginObject().Key("t").Value("reply").Key("id").Value(id).Key("ok").Value(false)
                .Key("error").Value(error).EndObject().ToString());
        }

        void Run()
        {
            var attempt = 0;
            while (!_stop.WaitOne(0))
            {
                LinkEndpoint ep = null;
                try { ep = _endpoint(); } catch (Exception e) { _lastError = e.Message; }
                if (ep == null || ep.Token == _refusedToken)
                {
                    // Nothing to connect to (or only the token that was refused): look again later.
                    if (_status != LinkStatus.Refused) _status = LinkStatus.Idle;
                    _stop.WaitOne(1000);
                    continue;
                }
                _status = LinkStatus.Connecting;
                var welcomed = Session(ep);
                if (welcomed) attempt = 0;
                if (_stop.WaitOne(0)) break;
                if (_status != LinkStatus.Refused) _status = LinkStatus.Connecting;
                _stop.WaitOne(Backoff(attempt++));
            }
            _status = LinkStatus.Stopped;
        }

        /// <summary>One connection: hello, welcome, then send until it drops or we stop. True when welcomed.</summary>
        bool Session(LinkEndpoint ep)
        {
            var ws = new ClientWebSocket();
            var cts = new CancellationTokenSource();
            var welcomed = false;
            Thread reader = null;
            try
            {
                if (!ws.ConnectAsync(ep.Url, cts.Token).Wait(LinkSocket.IoTimeout)) throw new TimeoutException("connect timed out");
                LinkSocket.Send(ws, Hello(ep.Token));
                var first = LinkSocket.ReceiveText(ws, cts.Token, WelcomeTimeout);
                if (first == null) { NoteClose(ws, ep); return false; }
                var msg = Json.TryParseObject(first);
                var sid = Json.Str(msg, "sessionId");
                if (Json.Str(msg, "t") != "welcome" || sid == null) throw new IOException("expected welcome, got " + LinkSocket.Cut(first, 80));
                _sessionId = sid;
                welcomed = true;
                _lastError = null;
                lock (_slotLock) { _stateDirty = _state != null; _countersDirty = _counters != null; }
                _status = LinkStatus.Connected;
                Interlocked.Increment(ref _welcomes);
                var h = Welcomed; if (h != null) h(sid);

                var closed = new ManualResetEvent(false);
                reader = new Thread(() => ReadLoop(ws, cts.Token, closed)) { IsBackground = true, Name = "Slate.Bridge.Link.Read" };
                reader.Start();
                var lastSend = DateTime.UtcNow;
                while (true)
                {
                    var stopping = _stop.WaitOne(0);
                    if (Flush(ws)) lastSend = DateTime.UtcNow;
                    if (stopping || closed.WaitOne(0) || ws.State != WebSocketState.Open) break;
                    if (DateTime.UtcNow - lastSend > TimeSpan.FromSeconds(15)) { LinkSocket.Send(ws, "{\"t\":\"ping\"}"); lastSend = DateTime.UtcNow; }
                    WaitHandle.WaitAny(new WaitHandle[] { _wake, closed }, 100);
                }
                // CloseOutputAsync only sends our close frame: the reader thread, still receiving, takes the
                // core's answer (CloseAsync would start a second receive beside it).
                if (ws.State == WebSocketState.Open)
                {
                    ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, _stop.WaitOne(0) ? "bridge stopping" : "bye", CancellationToken.None).Wait(1000);
                    closed.WaitOne(1000);
                }
                else NoteClose(ws, ep);
            }
            catch (Exception e)
            {
                _lastError = LinkSocket.Describe(e);
            }
            finally
            {
                if (_status == LinkStatus.Connected) _status = LinkStatus.Connecting;
                cts.Cancel();
                if (reader != null) reader.Join(2000);
                ws.Dispose();
                DropFrames();
            }
            return welcomed;
        }

        void NoteClose(ClientWebSocket ws, LinkEndpoint ep)
        {
            if (ws.CloseStatus.HasValue && (int)ws.CloseStatus.Value == BadTokenCloseCode)
            {
                // The reason is written before the status: whoever sees Refused (another thread, through
                // the volatile _status) must also see why.
                _refusedToken = ep.Token;
                _lastError = "SLATE refused the token (" + ws.CloseStatusDescription + ")";
                _status = LinkStatus.Refused;
            }
            else if (ws.CloseStatus.HasValue) _lastError = "SLATE closed the link: " + (int)ws.CloseStatus.Value + " " + ws.CloseStatusDescription;
            else _lastError = "no welcome from SLATE";
        }

        void ReadLoop(ClientWebSocket ws, CancellationToken ct, ManualResetEvent closed)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var text = LinkSocket.ReceiveText(ws, ct, Timeout.InfiniteTimeSpan);
                    if (text == null) break;
                    // A message we cannot make sense of is counted, never a reason to drop the link.
                    try { OnMessage(text); }
                    catch (Exception) { Interlocked.Increment(ref _ignored); }
                }
            }
            catch (Exception e) { if (!ct.IsCancellationRequested) _lastError = LinkSocket.Describe(e); }
            finally { closed.Set(); _wake.Set(); }
        }

        void OnMessage(string text)
        {
            var o = Json.TryParseObject(text);
            var t = Json.Str(o, "t");
            if (t == "cmd")
            {
                var id = Json.Num(o, "id");
                var name = Json.Str(o, "name");
                if (!id.HasValue || name == null) { Interlocked.Increment(ref _ignored); return; }
                _commands.Enqueue(new LinkCommand { Id = (long)id.Value, Name = name, Args = Json.Obj(o, "args") ?? new Dictionary<string, object>() });
            }
            else if (t == "pong") { }
            else Interlocked.Increment(ref _ignored);
        }

        /// <summary>Sends everything queued; true when something was sent.</summary>
        bool Flush(ClientWebSocket ws)
        {
            var sent = false;
            string state = null, counters = null;
            lock (_slotLock)
            {
                if (_stateDirty) { state = _state; _stateDirty = false; }
                if (_countersDirty) { counters = _counters; _countersDirty = false; }
            }
            // Counters before frames (frames index into them); state first so a play change is never behind data.
            if (state != null) { LinkSocket.Send(ws, state); sent = true; }
            if (counters != null) { LinkSocket.Send(ws, counters); sent = true; }
            string m;
            while (_messages.TryPeek(out m))
            {
                LinkSocket.Send(ws, m); // throws on a broken socket: the message stays queued for the next connection
                _messages.TryDequeue(out m);
                Interlocked.Decrement(ref _queuedMessages);
                sent = true;
            }
            if (!_frames.IsEmpty) { LinkSocket.Send(ws, FramesMessage()); sent = true; }
            // Up to 4 batches per pass (2048 lines): a flood drains fast, but never starves state and replies.
            for (var i = 0; i < 4; i++)
            {
                int lines;
                long dropped;
                var logs = LogsMessage(out lines, out dropped);
                if (logs == null) break;
                try { LinkSocket.Send(ws, logs); }
                catch (Exception)
                {
                    // The batch is gone with the socket: count its lines as dropped, so the next batch says so.
                    Logs.ReturnDropped(lines + dropped);
                    throw;
                }
                sent = true;
            }
            return sent;
        }

        string FramesMessage()
        {
            var w = new JsonWriter().BeginObject().Key("t").Value("frames").Key("frames").BeginArray();
            FrameSample f;
            var n = 0;
            while (n < 256 && _frames.TryDequeue(out f))
            {
                Interlocked.Decrement(ref _queuedFrames);
                n++;
                w.BeginObject().Key("i").Value(f.Index).Key("time").Value(Math.Round(f.Time, 4)).Key("v").BeginArray();
                foreach (var v in f.Values) w.Value(v);
                w.EndArray().EndObject();
            }
            return w.EndArray().EndObject().ToString();
        }

        string LogsMessage(out int lines, out long dropped)
        {
            lines = 0;
            dropped = 0;
            LogEntry e;
            if (!Logs.TryDequeue(out e))
            {
                if (Logs.Dropped == 0) return null;
                e.Level = null;
            }
            dropped = Logs.TakeDropped();
            var w = new JsonWriter().BeginObject().Key("t").Value("logs").Key("entries").BeginArray();
            var n = 0;
            while (e.Level != null)
            {
                w.BeginObject().Key("level").Value(e.Level).Key("message").Value(e.Message ?? "").Key("stack").Value(e.Stack ?? "")
                    .Key("time").Value(Math.Round(e.Time, 4)).EndObject();
                if (++n >= LogsPerBatch || !Logs.TryDequeue(out e)) break;
            }
            lines = n;
            return w.EndArray().Key("dropped").Value(dropped).EndObject().ToString();
        }

        void DropFrames()
        {
            FrameSample f;
            while (_frames.TryDequeue(out f)) Interlocked.Decrement(ref _queuedFrames);
        }

        string Hello(string token)
        {
            var w = new JsonWriter().BeginObject().Key("t").Value("hello").Key("token").Value(token)
                .Key("protocol").Value((long)LinkEndpoint.Protocol).Key("resume").Value(_sessionId);
            return w.Key("process").Any(_process).EndObject().ToString();
        }
    }
}

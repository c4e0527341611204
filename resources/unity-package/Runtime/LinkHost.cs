// What the Editor and player sides of the link share: the log hook, per-frame sampling, state
// tracking and the commands both can run. Everything here runs on Unity's main thread except
// OnLog, which Unity calls on whichever thread logged and which only touches the bounded queue.
using System;
using System.Collections.Generic;
using UnityEngine;

namespace Slate.Bridge.Link
{
    public abstract class LinkHost : IDisposable
    {
        public const int LogCapacity = 4096;
        const int MaxMessageChars = 32 * 1024;
        const double RediscoverSeconds = 10;

        public readonly LinkClient Client;
        public readonly CounterSampler Sampler = new CounterSampler();
        readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        readonly double _clockOffset;
        // The last state sent, compared field by field every frame (no string building: no garbage per frame).
        string _sentMode;
        bool _sentCompiling;
        float _sentTimeScale = float.NaN;
        int _sentFrameRate = int.MinValue;
        double _lastDiscovery = double.NegativeInfinity;
        long _welcomesSeen;
        bool _hooked;

        protected LinkHost(Func<LinkEndpoint> endpoint, Dictionary<string, object> process, string resume)
        {
            _clockOffset = Time.realtimeSinceStartup;
            Client = new LinkClient(endpoint, process, resume, LogCapacity);
        }

        /// <summary>Seconds since the process started, readable from any thread (Unity's clock is main-thread only).</summary>
        public double Now { get { return _clockOffset + _clock.Elapsed.TotalSeconds; } }

        public void Start()
        {
            if (!_hooked) { Application.logMessageReceivedThreaded += OnLog; _hooked = true; }
            PushState();
            Client.Start();
        }

        public virtual void Stop(int flushTimeoutMs)
        {
            if (_hooked) { Application.logMessageReceivedThreaded -= OnLog; _hooked = false; }
            Client.Stop(flushTimeoutMs);
            Sampler.Dispose();
        }

        public void Dispose() { Stop(0); }

        void OnLog(string condition, string stackTrace, LogType type)
        {
            // No endpoint (no SLATE): keep nothing. Otherwise queue, even while reconnecting: the
            // errors of a domain reload are exactly the ones SLATE must see once the link is back.
            var s = Client.Status;
            if (s == LinkStatus.Idle || s == LinkStatus.Stopped || s == LinkStatus.Refused) return;
            if (Client.Logs.DropIfFull()) return;
            Client.Logs.TryEnqueue(new LogEntry { Level = Level(type), Message = Cut(condition), Stack = Cut(stackTrace), Time = Now });
        }

        public static string Level(LogType type)
        {
            switch (type)
            {
                case LogType.Error: return "error";
                case LogType.Assert: return "assert";
                case LogType.Warning: return "warning";
                case LogType.Exception: return "exception";
                default: return "log";
            }
        }

        static string Cut(string s)
        {
            if (s == null) return "";
            return s.Length <= MaxMessageChars ? s : s.Substring(0, MaxMessageChars) + "… (cut by Slate.Bridge)";
        }

        /// <summary>Call once per frame / editor update on the main thread.</summary>
        public void Tick()
        {
            LinkCommand cmd;
            while (Client.TryTakeCommand(out cmd)) Run(cmd);
            if (Client.Status != LinkStatus.Connected) return;
            var welcomes = Client.Welcomes;
            if (welcomes != _welcomesSeen || Now - _lastDiscovery > RediscoverSeconds)
            {
                // Discovery costs (GetAvailable lists every marker): only when connected, then every few seconds.
                var changed = Sampler.Discover();
                if (changed || welcomes != _welcomesSeen) Client.SetCounters(Sampler.CountersMessage());
                _welcomesSeen = welcomes;
                _lastDiscovery = Now;
            }
            var v = Sampler.Sample(Time.frameCount);
            if (v != null) Client.AddFrame(new FrameSample { Index = Time.frameCount, Time = Now, Values = v });
            PushStateIfChanged();
        }

        protected abstract string PlayMode();
        protected virtual bool Compiling() { return false; }

        /// <summary>Runs a command the subclass knows; false = not one of its names.</summary>
        protected abstract bool RunSpecific(LinkCommand cmd);

        void Run(LinkCommand cmd)
        {
            try
            {
                if (RunCommon(cmd) || RunSpecific(cmd)) return;
                Client.ReplyError(cmd.Id, "unknown command");
            }
            catch (Exception e)
            {
                Client.ReplyError(cmd.Id, cmd.Name + " failed: " + e.Message);
            }
            finally { PushStateIfChanged(); }
        }

        bool RunCommon(LinkCommand cmd)
        {
            switch (cmd.Name)
            {
                case "time.scale":
                {
                    var v = Json.Num(cmd.Args, "value");
                    if (!v.HasValue || v.Value < 0 || v.Value > 100 || double.IsNaN(v.Value)) { Client.ReplyError(cmd.Id, "time.scale needs a value from 0 to 100"); return true; }
                    Time.timeScale = (float)v.Value;
                    Client.Reply(cmd.Id, Result("timeScale", (double)Time.timeScale));
                    return true;
                }
                case "frameRate":
                {
                    var v = Json.Num(cmd.Args, "value");
                    if (!v.HasValue || v.Value < -1 || v.Value > 1000 || v.Value != Math.Floor(v.Value)) { Client.ReplyError(cmd.Id, "frameRate needs a whole value from -1 (platform default) to 1000"); return true; }
                    Application.targetFrameRate = (int)v.Value;
                    Client.Reply(cmd.Id, Result("targetFrameRate", (double)Application.targetFrameRate));
                    return true;
                }
                default: return false;
            }
        }

        protected static Dictionary<string, object> Result(string key, object value)
        {
            return new Dictionary<string, object> { { key, value } };
        }

        /// <summary>Sends the state now (the play-mode callbacks call this, so a change goes out at once).</summary>
        public void PushState() { PushState(PlayMode()); }

        protected void PushState(string playMode)
        {
            _sentMode = playMode;
            _sentCompiling = Compiling();
            _sentTimeScale = Time.timeScale;
            _sentFrameRate = Application.targetFrameRate;
            Client.SetState(new JsonWriter().BeginObject().Key("t").Value("state").Key("playMode").Value(playMode)
                .Key("compiling").Value(_sentCompiling).Key("timeScale").Value((double)_sentTimeScale)
                .Key("targetFrameRate").Value((long)_sentFrameRate).Key("frame").Value((long)Time.frameCount)
                .EndObject().ToString());
        }

        void PushStateIfChanged()
        {
            var mode = PlayMode();
            if (mode != _sentMode || Compiling() != _sentCompiling || Time.timeScale != _sentTimeScale || Application.targetFrameRate != _sentFrameRate)
                PushState(mode);
        }

        /// <summary>The hello's `process` object; call on the main thread.</summary>
        public static Dictionary<string, object> ProcessInfo(string kind)
        {
            return new Dictionary<string, object>
            {
                { "kind", kind },
                { "unityVersion", Application.unityVersion },
                { "platform", Application.platform.ToString() },
                { "device", SystemInfo.deviceName },
                { "productName", Application.productName },
                { "pid", (double)System.Diagnostics.Process.GetCurrentProcess().Id },
                { "development", Debug.isDebugBuild },
            };
        }
    }
}

// A real SLATE core for the tests: `slate link serve <project> --json` (the core's LinkService, from
// this checkout's bin/slate.mjs) for a temporary project. Its JSON lines are turned into one shape
// the tests read ({"ev":"connected"|"state"|"counters"|"frames"|"logs"|"compile"|"reply"|
// "disconnected", "session", …}); commands go in on its stdin. A restart kills the process and
// starts a new one (new port, new token, rewritten Library/SlateLink.json), like SLATE crashing and
// coming back. Core.StartRogue() runs rogue-core.mjs instead, a core that misbehaves on purpose.
// Waits are on events, with a bound only to fail a test that would otherwise hang.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Slate.Bridge.Link;

namespace Slate.Bridge.Tests
{
    public sealed class Core : IDisposable
    {
        static readonly List<Core> _all = new List<Core>();
        public const int WaitMs = 20000;
        readonly List<Dictionary<string, object>> _events = new List<Dictionary<string, object>>();
        readonly List<string> _stderr = new List<string>();
        int _nextReq = 1;
        public readonly string Project;
        public string Url, Token;

        Process _proc;
        readonly bool _rogue;

        Core(string project, bool rogue)
        {
            Project = project;
            _rogue = rogue;
            Launch();
        }

        void Launch()
        {
            var mark = Mark();
            var args = _rogue
                ? Quote(Path.Combine(TestRunner.RepoRoot, "test/bridge/rogue-core.mjs")) + " " + Quote(Project)
                : Quote(Path.Combine(TestRunner.RepoRoot, "bin/slate.mjs")) + " link serve " + Quote(Project) + " --json";
            var psi = new ProcessStartInfo("node", args)
            {
                WorkingDirectory = TestRunner.RepoRoot,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var proc = Process.Start(psi);
            _proc = proc;
            new Thread(() => Read(proc.StandardOutput, false)) { IsBackground = true }.Start();
            new Thread(() => Read(proc.StandardError, true)) { IsBackground = true }.Start();
            var ready = WaitFor("ready", e => true, null, mark, 120000);
            Url = Json.Str(ready, "url");
            Token = Json.Str(ready, "token");
        }

        /// <summary>A core for a fresh temporary project; stopped at the end of the test.</summary>
        public static Core Start()
        {
            var project = Path.Combine(Path.GetTempPath(), "slate-bridge-test-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Path.Combine(project, "ProjectSettings")); // what makes it a Unity project
            var c = new Core(project, false);
            lock (_all) _all.Add(c);
            Cleanup.Add(c.Dispose);
            return c;
        }

        /// <summary>A misbehaving core (rogue-core.mjs) for the robustness tests.</summary>
        public static Core StartRogue()
        {
            var project = Path.Combine(Path.GetTempPath(), "slate-bridge-rogue-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Path.Combine(project, "ProjectSettings"));
            var c = new Core(project, true);
            lock (_all) _all.Add(c);
            Cleanup.Add(c.Dispose);
            return c;
        }

        public static void StopAll() { lock (_all) foreach (var c in _all.ToArray()) c.Dispose(); }

        void Read(StreamReader r, bool err)
        {
            string line;
            while ((line = r.ReadLine()) != null)
            {
                if (err) { lock (_stderr) _stderr.Add(line); continue; }
                var o = Json.TryParseObject(line);
                if (o == null) { lock (_stderr) _stderr.Add("stdout: " + line); continue; }
                o = Normalize(o);
                if (o == null) continue;
                lock (_events) { _events.Add(o); Monitor.PulseAll(_events); }
            }
            lock (_events) Monitor.PulseAll(_events);
        }

        public int Mark() { lock (_events) return _events.Count; }

        public List<Dictionary<string, object>> Events(string ev, int since = 0)
        {
            var list = new List<Dictionary<string, object>>();
            lock (_events) for (var i = since; i < _events.Count; i++) if (Json.Str(_events[i], "ev") == ev) list.Add(_events[i]);
            return list;
        }

        /// <summary>The first event `ev` from index `since` matching the predicate. `pump` runs between
        /// looks (the Editor stand-in's frames), so a test drives Unity while it waits.</summary>
        public Dictionary<string, object> WaitFor(string ev, Func<Dictionary<string, object>, bool> match, Action pump = null, int since = 0, int timeoutMs = WaitMs)
        {
            var sw = Stopwatch.StartNew();
            var seen = since;
            while (true)
            {
                lock (_events)
                {
                    for (; seen < _events.Count; seen++)
                    {
                        var e = _events[seen];
                        if (Json.Str(e, "ev") == ev && match(e)) return e;
                    }
                    if (pump == null) Monitor.Wait(_events, 50);
                }
                if (pump != null) { pump(); Thread.Sleep(2); } // an Editor frame, then let the link threads run
                if (sw.ElapsedMilliseconds > timeoutMs)
                    throw new AssertionException("no '" + ev + "' event as expected within " + timeoutMs / 1000 + " s; core stderr: " + string.Join(" | ", Stderr()));
                if (_proc.HasExited && seen >= Mark()) throw new AssertionException("the core exited: " + string.Join(" | ", Stderr()));
            }
        }

        string[] Stderr() { lock (_stderr) return _stderr.Count > 20 ? _stderr.GetRange(_stderr.Count - 20, 20).ToArray() : _stderr.ToArray(); }

        /// <summary>Sends a command through the core and waits for Unity's reply (as the core reports it).</summary>
        public Dictionary<string, object> Command(string session, string name, Dictionary<string, object> args, Action pump)
        {
            var req = _nextReq++;
            Send(new JsonWriter().BeginObject().Key("id").Value((long)req).Key("session").Value(session)
                .Key("name").Value(name).Key("args").Any(args ?? new Dictionary<string, object>()).EndObject().ToString());
            return WaitFor("reply", e => Json.Num(e, "req") == req, pump);
        }

        /// <summary>Kills the core and starts a new one for the same project (another port and token,
        /// Library/SlateLink.json rewritten): what the bridge sees when SLATE crashes and is started again.</summary>
        public void Restart()
        {
            Kill();
            Launch();
        }

        void Kill()
        {
            try { if (!_proc.HasExited) { _proc.Kill(); _proc.WaitForExit(10000); } } catch (Exception) { }
        }

        /// <summary>Makes the core send this text as is to a connected session (robustness tests).</summary>
        public void Raw(string session, string text)
        {
            Send(new JsonWriter().BeginObject().Key("op").Value("raw").Key("session").Value(session).Key("text").Value(text).EndObject().ToString());
        }

        void Send(string line)
        {
            lock (_proc) { _proc.StandardInput.WriteLine(line); _proc.StandardInput.Flush(); }
        }

        public void Dispose()
        {
            lock (_all) _all.Remove(this);
            Kill();
            try { Directory.Delete(Project, true); } catch (Exception) { }
        }

        /// <summary>`slate link serve --json` lines → the tests' shape (the rogue core already speaks it).</summary>
        static Dictionary<string, object> Normalize(Dictionary<string, object> o)
        {
            if (Json.Str(o, "ev") != null) return o;
            var ev = Json.Str(o, "event");
            var n = new Dictionary<string, object>();
            if (ev == null)
            {
                if (Json.Str(o, "url") == null) return null;
                n["ev"] = "ready"; n["url"] = o["url"]; n["token"] = Json.Str(o, "token");
                return n;
            }
            n["session"] = Json.Str(o, "sessionId");
            switch (ev)
            {
                case "connected":
                {
                    var info = Json.Obj(o, "session");
                    n["ev"] = "connected"; n["session"] = Json.Str(info, "sessionId"); n["resumed"] = o["resumed"]; n["process"] = info;
                    return n;
                }
                case "state":
                    n["ev"] = "state";
                    foreach (var kv in Json.Obj(o, "state") ?? new Dictionary<string, object>()) n[kv.Key] = kv.Value;
                    n["connected"] = o.ContainsKey("connected") ? o["connected"] : null;
                    return n;
                case "log":
                    n["ev"] = "logs"; n["dropped"] = 0.0;
                    n["entries"] = new List<object> { o };
                    return n;
                case "dropped":
                    n["ev"] = "logs"; n["dropped"] = o["dropped"]; n["entries"] = new List<object>();
                    return n;
                case "frames":
                {
                    // The core prints the last value of each counter per batch, keyed by counter id.
                    var values = Json.Obj(o, "values") ?? new Dictionary<string, object>();
                    var v = new List<object>();
                    foreach (var kv in values)
                    {
                        var id = int.Parse(kv.Key);
                        while (v.Count <= id) v.Add(null);
                        v[id] = kv.Value;
                    }
                    n["ev"] = "frames"; n["count"] = o["count"];
                    n["frames"] = new List<object> { new Dictionary<string, object> { { "i", o["last"] }, { "v", v } } };
                    return n;
                }
                case "reply":
                    n["ev"] = "reply"; n["req"] = o["id"]; n["ok"] = o["ok"];
                    if (o.ContainsKey("result")) n["result"] = o["result"];
                    if (o.ContainsKey("error")) n["error"] = o["error"];
                    return n;
                default:
                    foreach (var kv in o) n[kv.Key] = kv.Value;
                    n["ev"] = ev;
                    return n;
            }
        }

        static string Quote(string s) { return "\"" + s.Replace("\"", "\\\"") + "\""; }
    }
}

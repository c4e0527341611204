// The Editor part of the link against a real core: connection and hello, play mode both ways,
// domain reloads, core restarts, logs and frames.
using System.Collections.Generic;
using System.Threading;
using Slate.Bridge.Link;
using Slate.StandIn;
using Slate.StandIn.Editor;
using UnityEditor;
using UnityEngine;
using static Slate.Bridge.Tests.Fixture;

namespace Slate.Bridge.Tests
{
    public static class EditorLinkTests
    {
        [Test]
        public static void ConnectsWithTheFileTokenAndSaysWhoItIs()
        {
            var core = Core.Start();
            Editor(core);
            var c = core.WaitFor("connected", e => true, Pump);
            var process = Json.Obj(c, "process");
            Assert.Equal("editor", Json.Str(process, "kind"), "kind");
            Assert.Equal(UnityStandIn.UnityVersion, Json.Str(process, "unityVersion"), "unityVersion");
            Assert.Equal("LinuxEditor", Json.Str(process, "platform"), "platform");
            Assert.True(Json.Num(process, "pid").Value > 0, "pid");
            var state = core.WaitFor("state", e => Session(e) == Session(c), Pump);
            Assert.Equal("edit", Json.Str(state, "playMode"), "first state");
            var counters = core.WaitFor("counters", e => Session(e) == Session(c), Pump);
            Assert.True(Json.Arr(counters, "counters").Count > 0, "counters sent after connecting");
        }

        [Test]
        public static void PlayModeCommandsComeBackAsState()
        {
            var core = Core.Start();
            var host = Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            var mark = core.Mark();
            Assert.True(Ok(core.Command(sid, "play.enter", null, Pump)), "play.enter accepted");
            core.WaitFor("state", e => Json.Str(e, "playMode") == "playing", Pump, mark);
            Assert.True(EditorApplication.isPlaying, "the Editor is playing");

            mark = core.Mark();
            Assert.True(Ok(core.Command(sid, "play.pause", null, Pump)), "pause");
            core.WaitFor("state", e => Json.Str(e, "playMode") == "paused", Pump, mark);
            var frame = UnityStandIn.FrameCount;
            Assert.True(Ok(core.Command(sid, "play.step", null, Pump)), "step");
            Until(() => UnityStandIn.FrameCount == frame + 1, "one frame stepped", Pump);
            Pump(); Pump();
            Assert.Equal(frame + 1, UnityStandIn.FrameCount, "paused again after one frame");

            mark = core.Mark();
            Assert.True(Ok(core.Command(sid, "play.resume", null, Pump)), "resume");
            core.WaitFor("state", e => Json.Str(e, "playMode") == "playing", Pump, mark);

            mark = core.Mark();
            var r = core.Command(sid, "time.scale", Args("value", 0.25), Pump);
            Assert.Equal(0.25, Json.Num(Json.Obj(r, "result"), "timeScale").Value, "time scale reply");
            core.WaitFor("state", e => Json.Num(e, "timeScale") == 0.25, Pump, mark);
            r = core.Command(sid, "frameRate", Args("value", 30.0), Pump);
            Assert.True(Ok(r) && Application.targetFrameRate == 30, "frame rate");
            Assert.True(!Ok(core.Command(sid, "time.scale", Args("value", -1.0), Pump)), "negative time scale refused");
            Assert.True(!Ok(core.Command(sid, "frameRate", Args("value", 2.5), Pump)), "fractional frame rate refused");

            mark = core.Mark();
            Assert.True(Ok(core.Command(sid, "play.exit", null, Pump)), "exit");
            core.WaitFor("state", e => Json.Str(e, "playMode") == "edit", Pump, mark);
            Assert.True(!Ok(core.Command(sid, "play.pause", null, Pump)), "pause in edit mode is an error");
            Time.timeScale = 1; Application.targetFrameRate = -1;
            Assert.True(host.Client.Status == LinkStatus.Connected, "still connected");
        }

        [Test]
        public static void UserPressingPlayInUnityIsSentAtOnce()
        {
            var core = Core.Start();
            Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            core.WaitFor("state", e => Session(e) == sid, Pump);
            var mark = core.Mark();
            EditorApplication.isPlaying = true; // the Play button
            core.WaitFor("state", e => Json.Str(e, "playMode") == "playing", Pump, mark);
            mark = core.Mark();
            EditorApplication.isPaused = true;  // the Pause button
            core.WaitFor("state", e => Json.Str(e, "playMode") == "paused", Pump, mark);
        }

        [Test]
        public static void DomainReloadResumesTheSessionAndKeepsThePlaySignal()
        {
            var core = Core.Start();
            Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            EditorApplication.isPlaying = true;
            core.WaitFor("state", e => Json.Str(e, "playMode") == "playing", Pump);

            // An AssetDatabase refresh while playing reloads the domain and fires no playModeStateChanged.
            var mark = core.Mark();
            EditorStandIn.BeforeDomainReload();
            core.WaitFor("disconnected", e => Session(e) == sid, null, mark);
            Assert.Equal(sid, SessionState.GetString(EditorLink.SessionKey, ""), "session kept in SessionState");
            // The Editor is paused now, and no pauseStateChanged was raised: the core still holds "playing",
            // so "paused" below can only come from the new host reading the Editor's state.
            EditorStandIn.SetPlayState(true, true);
            var host2 = EditorLink.Start(core.Project); // the new domain's [InitializeOnLoad]
            host2.Client.Backoff = n => 50;
            Cleanup.Add(() => host2.Stop(0));
            var again = core.WaitFor("connected", e => true, Pump, mark);
            Assert.Equal(sid, Session(again), "same session after the reload");
            Assert.Equal(true, (bool)again["resumed"], "the core resumed it");
            core.WaitFor("state", e => Session(e) == sid && Json.Str(e, "playMode") == "paused", Pump, mark);
        }

        [Test]
        public static void RepliesQueuedBeforeADomainReloadStillArrive()
        {
            var core = Core.Start();
            Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            EditorStandIn.NextCompile.Add(new KeyValuePair<string, UnityEditor.Compilation.CompilerMessage[]>("Library/ScriptAssemblies/Assembly-CSharp.dll", new UnityEditor.Compilation.CompilerMessage[0]));
            var before = EditorStandIn.Refreshes;
            var reloaded = false;
            // The refresh runs in this frame's update; the domain reload comes right after it, before the
            // link thread had a chance to send anything: the reply and the compile result must still go out.
            System.Action frame = () =>
            {
                Pump();
                if (!reloaded && EditorStandIn.Refreshes > before)
                {
                    EditorStandIn.CompileRequested = true; Pump(); // the refresh found changed scripts
                    reloaded = true;
                    EditorStandIn.BeforeDomainReload();
                }
            };
            var mark = core.Mark();
            var reply = core.Command(sid, "assets.refresh", null, frame);
            Assert.True(Ok(reply), "the refresh's reply arrived although the domain went away");
            core.WaitFor("compile", e => Json.Str(e, "phase") == "finished", null, mark);
            core.WaitFor("disconnected", e => Session(e) == sid, null, mark);
            Assert.True(reloaded, "the reload happened");
        }

        [Test]
        public static void QuittingTheEditorClosesTheLink()
        {
            var core = Core.Start();
            var host = Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            var mark = core.Mark();
            EditorStandIn.Quit();
            core.WaitFor("disconnected", e => Session(e) == sid, null, mark);
            Assert.True(host.Client.Status == LinkStatus.Stopped, "stopped");
        }

        [Test]
        public static void ReconnectsWhenTheCoreRestartsOnAnotherPort()
        {
            var core = Core.Start();
            var host = Editor(core);
            core.WaitFor("connected", e => true, Pump);
            var oldUrl = core.Url;
            var mark = core.Mark();
            core.Restart();
            Assert.True(core.Url != oldUrl, "the restarted core listens elsewhere");
            var c = core.WaitFor("connected", e => true, Pump, mark);
            core.WaitFor("state", e => Session(e) == Session(c), Pump, mark);
            core.WaitFor("counters", e => Session(e) == Session(c), Pump, mark);
            Assert.True(host.Client.Welcomes >= 2, "welcomed twice");
        }

        [Test]
        public static void LogsArriveWithLevelAndStack()
        {
            var core = Core.Start();
            Editor(core);
            core.WaitFor("connected", e => true, Pump);
            var t = new Thread(() => UnityStandIn.Log("NullReferenceException: boom", "Game.Player.Update () (at Assets/Player.cs:42)", LogType.Exception));
            t.Start(); t.Join(); // logged off the main thread, as logMessageReceivedThreaded allows
            Debug.LogWarning("careful");
            var logs = core.WaitFor("logs", e => Json.Arr(e, "entries").Exists(x => Json.Str((Dictionary<string, object>)x, "message") == "careful"), Pump);
            var all = new List<Dictionary<string, object>>();
            foreach (var ev in core.Events("logs")) foreach (var x in Json.Arr(ev, "entries")) all.Add((Dictionary<string, object>)x);
            var boom = all.Find(x => Json.Str(x, "message") == "NullReferenceException: boom");
            Assert.True(boom != null, "the exception arrived");
            Assert.Equal("exception", Json.Str(boom, "level"), "level");
            Assert.True(Json.Str(boom, "stack").Contains("Assets/Player.cs:42"), "stack");
            Assert.True(Json.Num(boom, "time").Value >= 0, "time");
            Assert.Equal("warning", Json.Str(all.Find(x => Json.Str(x, "message") == "careful"), "level"), "warning level");
            Assert.True(logs != null, "logs event");
        }

        [Test]
        public static void LogFloodNeverBlocksAndDroppedLinesAreCounted()
        {
            var core = Core.Start();
            var host = Editor(core);
            core.WaitFor("connected", e => true, Pump);
            var mark = core.Mark();
            const int lines = 100000;
            var flood = new Thread(() => { for (var i = 0; i < lines; i++) UnityStandIn.Log("flood " + i, "", LogType.Log); });
            flood.Start();
            flood.Join(); // the logging thread finishes: the queue never waits for the socket
            long delivered = 0, dropped = 0;
            // Done when every line is accounted for. WaitFor hands each event to the check once, in order.
            core.WaitFor("logs", e =>
            {
                foreach (var x in Json.Arr(e, "entries")) if (Json.Str((Dictionary<string, object>)x, "message").StartsWith("flood ")) delivered++;
                dropped += (long)Json.Num(e, "dropped").Value;
                return delivered + dropped >= lines;
            }, Pump, mark);
            Assert.True(dropped > 0, "a 100000-line flood overflows a " + LinkHost.LogCapacity + "-line queue");
            Assert.Equal((long)lines, delivered + dropped, "every line delivered or counted as dropped");
            Assert.True(host.Client.Status == LinkStatus.Connected, "the link survived the flood");
        }

#if UNITY_2020_2_OR_NEWER
        [Test]
        public static void FramesCarryCounterValuesInDeclaredUnits()
        {
            var core = Core.Start();
            Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            var counters = Json.Arr(core.WaitFor("counters", e => Session(e) == sid, Pump), "counters");
            var main = (Dictionary<string, object>)counters.Find(x => Json.Str((Dictionary<string, object>)x, "name") == "Main Thread");
            Assert.Equal("ms", Json.Str(main, "unit"), "declared unit");
            var id = (int)Json.Num(main, "id").Value;
            ProfilerStandIn.Set("Main Thread", 33300000);
            EditorApplication.isPlaying = true;
            var frames = core.WaitFor("frames", e => Json.Arr(e, "frames").Exists(f =>
            {
                var v = Json.Arr((Dictionary<string, object>)f, "v");
                return v.Count > id && v[id] is double && System.Math.Abs((double)v[id] - 33.3) < 1e-9;
            }), Pump);
            var first = (Dictionary<string, object>)Json.Arr(frames, "frames")[0];
            Assert.True(Json.Num(first, "i").Value > 0, "frame index");
        }
#endif
    }
}

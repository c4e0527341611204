// The runtime assembly as Unity compiles it for a player (no UNITY_EDITOR), booted the way Unity
// boots it: the [RuntimeInitializeOnLoadMethod] method, invoked by reflection, reading this
// process's real environment. Built into its own test program (BridgePlayerTests.exe) against
// player/Slate.Bridge.Runtime.dll, with the shared runner and core (TestRunner.cs, Core.cs).
using System;
using System.Reflection;
using System.Threading;
using Slate.Bridge.Link;
using Slate.StandIn;
using UnityEngine;

namespace Slate.Bridge.Tests
{
    public static class PlayerBootTests
    {
        static void Boot()
        {
            var boot = typeof(PlayerLink).GetMethod("Boot", BindingFlags.Static | BindingFlags.NonPublic);
            boot.Invoke(null, null);
        }

        [Test]
        public static void BootWithoutALinkDoesNothing()
        {
            Environment.SetEnvironmentVariable("SLATE_LINK_URL", null);
            Environment.SetEnvironmentVariable("SLATE_LINK_TOKEN", null);
            var handlers = UnityStandIn.LogHandlers;
            Boot();
            Assert.True(PlayerLink.Current == null, "no link started");
            Assert.Equal(handlers, UnityStandIn.LogHandlers, "no log hook");
        }

        [Test]
        public static void BootFromTheEnvironmentLinksThePlayer()
        {
            var core = Core.Start();
            UnityStandIn.IsEditor = false;
            UnityStandIn.Platform = RuntimePlatform.LinuxPlayer;
            Environment.SetEnvironmentVariable("SLATE_LINK_URL", core.Url);
            Environment.SetEnvironmentVariable("SLATE_LINK_TOKEN", core.Token);
            Cleanup.Add(() =>
            {
                Environment.SetEnvironmentVariable("SLATE_LINK_URL", null);
                Environment.SetEnvironmentVariable("SLATE_LINK_TOKEN", null);
                if (PlayerLink.Current != null) PlayerLink.Current.Stop(0);
            });
            Boot();
            var host = PlayerLink.Current;
            Assert.True(host != null, "the player's boot started the link");
            // Boot made the hidden driver object; Unity would call its Update every frame. Here the test does.
            Action frame = () => { UnityStandIn.NextFrame(); host.Tick(); };
            var c = core.WaitFor("connected", e => true, frame);
            Assert.Equal("player", Json.Str(Json.Obj(c, "process"), "kind"), "a player");
            var sid = Json.Str(c, "session");
            var r = core.Command(sid, "time.scale", new System.Collections.Generic.Dictionary<string, object> { { "value", 0.5 } }, frame);
            Assert.True(r.ContainsKey("ok") && (bool)r["ok"] && Time.timeScale == 0.5f, "a command reached the player");
            Time.timeScale = 1;
            Debug.LogError("player error line");
            core.WaitFor("logs", e => Json.Arr(e, "entries").Exists(x => Json.Str((System.Collections.Generic.Dictionary<string, object>)x, "message") == "player error line"), frame);
            Thread.MemoryBarrier();
        }
    }
}

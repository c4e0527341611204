// The runtime part of the link, for players (standalone or in a container). It starts only when
// the player was given a link: `-slateLink <url> -slateToken <token>` on its command line, or
// SLATE_LINK_URL / SLATE_LINK_TOKEN in its environment. Without one, Boot reads two arguments and
// two variables once at startup and returns: no thread, no GameObject, no log hook (zero cost).
// In the Editor the Editor part links the Editor itself, so Boot does nothing there.
using System;
using System.Collections.Generic;
using UnityEngine;
using UnityEngine.Scripting;

// Nothing in a game references this assembly: without this, managed code stripping (IL2CPP) may
// drop it, and with it the [RuntimeInitializeOnLoadMethod] that starts the link.
[assembly: AlwaysLinkAssembly]

namespace Slate.Bridge.Link
{
    public static class PlayerLink
    {
        public static PlayerLinkHost Current { get; private set; }

        [Preserve]
        [RuntimeInitializeOnLoadMethod(RuntimeInitializeLoadType.BeforeSceneLoad)]
        static void Boot()
        {
#if !UNITY_EDITOR
            StartFrom(Environment.GetCommandLineArgs(), Environment.GetEnvironmentVariable("SLATE_LINK_URL"), Environment.GetEnvironmentVariable("SLATE_LINK_TOKEN"), true);
#endif
        }

        /// <summary>Starts the link when the arguments or environment name one; null (and nothing started) otherwise.</summary>
        public static PlayerLinkHost StartFrom(string[] args, string envUrl, string envToken, bool withDriver)
        {
            if (Current != null) return Current;
            var env = new Dictionary<string, string>();
            if (envUrl != null) env["SLATE_LINK_URL"] = envUrl;
            if (envToken != null) env["SLATE_LINK_TOKEN"] = envToken;
            string problem;
            var ep = LinkEndpoint.FromPlayerArgs(args, env, out problem);
            if (ep == null)
            {
                if (problem != null) Debug.LogWarning("[Slate.Bridge] live link not started: " + problem);
                return null;
            }
            var host = new PlayerLinkHost(ep);
            host.Start();
            Current = host;
            if (withDriver)
            {
                var go = new GameObject("Slate.Bridge.Link") { hideFlags = HideFlags.HideAndDontSave };
                UnityEngine.Object.DontDestroyOnLoad(go);
                go.AddComponent<PlayerLinkDriver>().Host = host;
            }
            return host;
        }

        internal static void Forget(PlayerLinkHost host) { if (Current == host) Current = null; }
    }

    public sealed class PlayerLinkHost : LinkHost
    {
        float _timeScaleBeforePause = 1;
        bool _paused;

        public PlayerLinkHost(LinkEndpoint ep) : base(() => ep, ProcessInfo("player"), null) { }

        protected override string PlayMode() { return _paused ? "paused" : "playing"; }

        public override void Stop(int flushTimeoutMs)
        {
            base.Stop(flushTimeoutMs);
            PlayerLink.Forget(this);
        }

        protected override bool RunSpecific(LinkCommand cmd)
        {
            switch (cmd.Name)
            {
                // A player cannot leave play mode; pausing is stopping game time, which is what the user wants from it.
                case "play.pause":
                    if (!_paused) { _timeScaleBeforePause = Time.timeScale; Time.timeScale = 0; _paused = true; }
                    Client.Reply(cmd.Id, Result("playMode", "paused"));
                    return true;
                case "play.resume":
                    if (_paused) { Time.timeScale = _timeScaleBeforePause; _paused = false; }
                    Client.Reply(cmd.Id, Result("playMode", "playing"));
                    return true;
                case "play.enter":
                case "play.exit":
                case "play.step":
                case "assets.refresh":
                case "scripts.compile":
                case "method.run":
                case "menu.run":
                case "package.import":
                case "package.export":
                    Client.ReplyError(cmd.Id, cmd.Name + " is an Editor command: this process is a player");
                    return true;
                default: return false;
            }
        }
    }

    /// <summary>Ticks the player's link once per frame; lives on a hidden DontDestroyOnLoad object.</summary>
    [Preserve]
    public sealed class PlayerLinkDriver : MonoBehaviour
    {
        internal PlayerLinkHost Host;
        void Update() { if (Host != null) Host.Tick(); }
        void OnApplicationQuit() { if (Host != null) Host.Stop(500); }
    }
}

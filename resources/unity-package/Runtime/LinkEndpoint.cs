// Where the link connects and with which token. The Editor reads Library/SlateLink.json, which
// SLATE writes when it opens the project (and rewrites when it restarts on another port), so the
// Editor asks again before every connection attempt. Players get the link from their command line
// (-slateLink <url> -slateToken <token>) or the environment (SLATE_LINK_URL / SLATE_LINK_TOKEN);
// without either the runtime part does nothing.
using System;
using System.Collections.Generic;
using System.IO;

namespace Slate.Bridge.Link
{
    public sealed class LinkEndpoint
    {
        public const int Protocol = 1;
        public readonly Uri Url;
        public readonly string Token;

        public LinkEndpoint(Uri url, string token) { Url = url; Token = token; }

        /// <summary>The endpoint in a SlateLink.json file; null when the file is absent, unreadable or not ours.</summary>
        /// <param name="loopbackOnly">the Editor file may only point at this machine: a project is untrusted input,
        /// and a Library folder copied from elsewhere must not send the Editor's logs to another host.</param>
        public static LinkEndpoint FromFile(string path, bool loopbackOnly, out string problem)
        {
            problem = null;
            string text;
            try
            {
                if (!File.Exists(path)) return null;
                var info = new FileInfo(path);
                if (info.Length > 64 * 1024) { problem = path + " is too large to be a link file"; return null; }
                text = File.ReadAllText(path);
            }
            catch (Exception e) { problem = "cannot read " + path + ": " + e.Message; return null; }
            var o = Json.TryParseObject(text);
            if (o == null) { problem = path + " is not a JSON object"; return null; }
            var protocol = Json.Num(o, "protocol");
            if (protocol.HasValue && (int)protocol.Value != Protocol) { problem = path + " speaks protocol " + protocol.Value + ", this bridge speaks " + Protocol; return null; }
            return Make(Json.Str(o, "url"), Json.Str(o, "token"), loopbackOnly, out problem);
        }

        /// <summary>A player's endpoint from its command line, else from the environment; null when neither names one.</summary>
        public static LinkEndpoint FromPlayerArgs(string[] args, IDictionary<string, string> env, out string problem)
        {
            problem = null;
            var url = Arg(args, "-slateLink");
            var token = Arg(args, "-slateToken");
            string v;
            if (url == null && env != null && env.TryGetValue("SLATE_LINK_URL", out v)) url = v;
            if (token == null && env != null && env.TryGetValue("SLATE_LINK_TOKEN", out v)) token = v;
            if (string.IsNullOrEmpty(url)) return null;
            return Make(url, token, false, out problem);
        }

        static LinkEndpoint Make(string url, string token, bool loopbackOnly, out string problem)
        {
            problem = null;
            Uri uri;
            if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out uri) || (uri.Scheme != "ws" && uri.Scheme != "wss"))
            {
                problem = "the link url must be ws:// or wss://, got '" + url + "'";
                return null;
            }
            if (string.IsNullOrEmpty(token)) { problem = "the link has no token"; return null; }
            if (loopbackOnly && !uri.IsLoopback) { problem = "the link file points at " + uri.Host + ", not this machine: ignored"; return null; }
            return new LinkEndpoint(uri, token);
        }

        static string Arg(string[] args, string name)
        {
            if (args == null) return null;
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
    }
}

// A small test runner of our own (Debian's Mono has no NUnit): every public static method marked
// [Test] in this assembly runs in order, one at a time; failures print their message and the
// run ends with "N passed, N failed" and a non-zero exit code when anything failed.
// Usage: mono BridgeTests.exe <repo root> [name filter]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;

namespace Slate.Bridge.Tests
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestAttribute : Attribute { }

    public sealed class AssertionException : Exception { public AssertionException(string m) : base(m) { } }

    public static class Assert
    {
        public static void True(bool c, string what) { if (!c) throw new AssertionException(what); }
        public static void Equal<T>(T expected, T actual, string what)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
                throw new AssertionException(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
        public static T Throws<T>(Action a, string what) where T : Exception
        {
            try { a(); }
            catch (T e) { return e; }
            catch (Exception e) { throw new AssertionException(what + ": expected " + typeof(T).Name + " but got " + e.GetType().Name + ": " + e.Message); }
            throw new AssertionException(what + ": expected " + typeof(T).Name + ", nothing was thrown");
        }
    }

    public static class TestRunner
    {
        public static string RepoRoot;

        public static int Main(string[] args)
        {
            RepoRoot = args.Length > 0 ? args[0] : ".";
            var filter = args.Length > 1 ? args[1] : null;
            var tests = typeof(TestRunner).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                .Where(m => m.GetCustomAttributes(typeof(TestAttribute), false).Length > 0)
                .Where(m => filter == null || (m.DeclaringType.Name + "." + m.Name).Contains(filter))
                .OrderBy(m => m.DeclaringType.Name).ThenBy(m => m.MetadataToken)
                .ToList();
            int passed = 0, failed = 0;
            foreach (var m in tests)
            {
                var name = m.DeclaringType.Name + "." + m.Name;
                var sw = Stopwatch.StartNew();
                try
                {
                    m.Invoke(null, null);
                    passed++;
                    Console.WriteLine("  ok   " + name + " (" + sw.ElapsedMilliseconds + " ms)");
                }
                catch (TargetInvocationException e)
                {
                    failed++;
                    var inner = e.InnerException ?? e;
                    Console.WriteLine("  FAIL " + name + ": " + inner.GetType().Name + ": " + inner.Message);
                    if (!(inner is AssertionException)) Console.WriteLine(Indent(inner.StackTrace));
                }
                finally { Cleanup.Run(); }
            }
            Console.WriteLine(passed + " passed, " + failed + " failed");
            Core.StopAll();
            return failed == 0 && passed > 0 ? 0 : 1;
        }

        static string Indent(string s) { return s == null ? "" : "       " + s.Replace("\n", "\n       "); }
    }

    /// <summary>What a test started and must stop, whatever its outcome (hosts, cores, temp folders).</summary>
    public static class Cleanup
    {
        static readonly List<Action> _actions = new List<Action>();
        public static void Add(Action a) { _actions.Add(a); }
        public static void Run()
        {
            for (var i = _actions.Count - 1; i >= 0; i--)
            {
                try { _actions[i](); } catch (Exception e) { Console.WriteLine("       (cleanup: " + e.Message + ")"); }
            }
            _actions.Clear();
        }
    }
}

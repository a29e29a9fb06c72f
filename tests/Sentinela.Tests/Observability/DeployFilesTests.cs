using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Sentinela.Tests.Observability;

/// <summary>
/// The Prometheus rules and the Grafana dashboard in deploy/ parse, have what Prometheus and Grafana require, and query
/// only Sentinela series the server exports (promtool is not available everywhere the tests run).
/// </summary>
public sealed partial class DeployFilesTests
{
    /// <summary>The sentinela_* series /metrics exports (MetricsScrapeTests reads most of them after an outbreak, RedisMetricsTests the Redis one).</summary>
    static readonly HashSet<string> Exported =
    [
        "sentinela_hemograms_received_total", "sentinela_hemograms_rejected_total", "sentinela_findings_total", "sentinela_outbreak_alerts_total",
        "sentinela_outbreak_alerts_active", "sentinela_analysis_duration_seconds", "sentinela_realtime_connections", "sentinela_alert_deliveries_total",
        "sentinela_alert_delivery_latency_seconds", "sentinela_push_enqueued_total", "sentinela_push_sent_total", "sentinela_push_failed_total",
        "sentinela_push_queue_depth", "sentinela_push_breaker_state", "sentinela_storage_duration_seconds", "sentinela_limits_rejections_total",
        "sentinela_redis_command_duration_seconds", "sentinela_alert_time_to_acknowledge_seconds", "sentinela_alert_time_to_verify_seconds",
        "sentinela_alert_time_to_close_seconds", "sentinela_alert_escalations_total",
    ];

    [Fact]
    public void Alert_rules_parse_and_each_rule_is_complete()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Root(), "deploy", "prometheus", "sentinela-rules.yml"))) yaml.Load(reader);
        var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["groups"];

        var rules = groups.Cast<YamlMappingNode>().SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>()).ToList();
        var names = rules.Select(r => ((YamlScalarNode)r["alert"]).Value!).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var expected in new[]
                 {
                     "SentinelaInstanceDown", "SentinelaHighErrorRate", "SentinelaHighRequestLatencyP99", "SentinelaPushQueueBacklog",
                     "SentinelaNoHemogramsInBusinessHours", "SentinelaRedisMemoryHigh",
                 })
            Assert.Contains(expected, names);
        foreach (var rule in rules)
        {
            var expr = ((YamlScalarNode)rule["expr"]).Value!;
            Assert.True(Balanced(expr), $"unbalanced brackets in {rule["alert"]}");
            Assert.Matches(@"^\d+[smh]$", ((YamlScalarNode)rule["for"]).Value!);
            Assert.Contains(((YamlScalarNode)((YamlMappingNode)rule["labels"])["severity"]).Value, new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(((YamlScalarNode)((YamlMappingNode)rule["annotations"])["summary"]).Value));
            AssertExported(expr);
        }
    }

    [Fact]
    public void The_dashboard_parses_and_queries_exported_series()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root(), "deploy", "grafana", "sentinela-dashboard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.True(panels.Count >= 15);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var target in panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()))
        {
            var expr = target.GetProperty("expr").GetString()!;
            Assert.True(Balanced(expr), expr);
            AssertExported(expr);
        }
    }

    static void AssertExported(string expr)
    {
        foreach (Match m in SentinelaSeries().Matches(expr))
            Assert.Contains(Regex.Replace(m.Value, "_(bucket|count|sum)$", ""), Exported);
    }

    static bool Balanced(string expr)
    {
        var stack = new Stack<char>();
        foreach (var c in Regex.Replace(expr, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""))
        {
            if (c is '(' or '{' or '[') stack.Push(c);
            else if (c is ')' or '}' or ']' && (stack.Count == 0 || stack.Pop() != c switch { ')' => '(', '}' => '{', _ => '[' })) return false;
        }
        return stack.Count == 0;
    }

    static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "deploy"))) return dir.FullName;
        throw new DirectoryNotFoundException("deploy/ not found above the test output folder.");
    }

    [GeneratedRegex(@"\bsentinela_[a-z_]+")]
    private static partial Regex SentinelaSeries();
}

using System.Text;
using System.Text.Json.Nodes;

namespace ThiDua.Domain.Tests;

/// <summary>The council's page shows every rule of a bloc explained: the catalog has them all, at every depth.</summary>
public sealed class RuleCatalogTests
{
    [Fact]
    public void Every_property_of_the_bloc_rules_at_every_depth_is_explained_and_every_value_labelled()
    {
        Assert.Empty(RuleCatalog.Missing());
        Assert.Empty(RuleCatalog.Stale());
        var paths = RuleCatalog.Current.Rules.Select(r => r.Path).ToList();
        Assert.Subset(
            paths.ToHashSet(),
            new HashSet<string>(["voting", "voting.quorum", "voting.quorum.numerator", "voting.thresholdBase", "leaderElection", "schedule.signingPeriod", "proposals.levels[].quota", "documents.place"]));
        Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
        foreach (var rule in RuleCatalog.Current.Rules)
        {
            foreach (var text in new[] { rule.Title.Vietnamese, rule.Explanation.Vietnamese }.Concat(rule.Values?.Select(v => v.Label.Vietnamese) ?? []))
            {
                Assert.False(string.IsNullOrWhiteSpace(text), rule.Path);
                Assert.True(text.IsNormalized(NormalizationForm.FormC), rule.Path);
            }

            Assert.False(string.IsNullOrWhiteSpace(rule.Explanation.English), rule.Path);
        }
    }

    [Fact]
    public void Each_rule_says_its_type_default_and_values_as_the_api_reads_them()
    {
        var rules = RuleCatalog.Current.Rules.ToDictionary(r => r.Path);

        Assert.Equal(("object", 2), (rules["voting.quorum"].Type, rules["voting.quorum"].Default!["numerator"]!.GetValue<int>()));
        Assert.Equal(3, rules["voting.quorum.denominator"].Default!.GetValue<int>());
        Assert.Equal(("string", "duration", "30.00:00:00"), (rules["schedule.signingPeriod"].Type, rules["schedule.signingPeriod"].Format, rules["schedule.signingPeriod"].Default!.GetValue<string>()));
        Assert.Equal(["rotation", "vote"], rules["leaderElection"].Values!.Select(v => v.Value));
        Assert.Equal("Luân phiên", rules["leaderElection"].Values![0].Label.Vietnamese);
        Assert.Equal("rotation", rules["leaderElection"].Default!.GetValue<string>());
        Assert.Equal(("array", "string", "duration"), (rules["reminderOffsets"].Type, rules["reminderOffsets"].ItemType, rules["reminderOffsets"].Format));
        Assert.Equal(["7.00:00:00", "3.00:00:00", "1.00:00:00"], rules["reminderOffsets"].Default!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(("array", "string"), (rules["rankingOrder"].Type, rules["rankingOrder"].ItemType));
        Assert.Contains("fewerPenaltyPoints", rules["rankingOrder"].Values!.Select(v => v.Value));
        Assert.Equal(("array", "object"), (rules["proposals.levels"].Type, rules["proposals.levels"].ItemType));
        Assert.Equal("co-thi-dua-tinh", rules["proposals.levels"].Default!.AsArray()[0]!["id"]!.GetValue<string>());
        Assert.Null(rules["proposals.levels[].quota"].Default);
        Assert.Equal(("integer", 50), (rules["voting.thresholdPercent"].Type, rules["voting.thresholdPercent"].Default!.GetValue<int>()));
        Assert.Equal(("boolean", false), (rules["voting.ballotChangeAllowed"].Type, rules["voting.ballotChangeAllowed"].Default!.GetValue<bool>()));
        Assert.Equal(("string", ""), (rules["documents.place"].Type, rules["documents.place"].Default!.GetValue<string>()));
        Assert.IsType<JsonObject>(rules["voting"].Default);
    }
}

using System;
using System.IO;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using Microsoft.Playwright;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>The web console in a real headless Chromium while an emulated station talks to the gateway.</summary>
[Collection(SystemCollection.Name)]
public sealed class ConsoleBrowserTests(SystemFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Console_ShowsDeviceAnswerAndRelayLive_WhenStationPublishes()
    {
        Assert.True(File.Exists(Chromium), "Chromium is not installed at " + Chromium + "; ./tools/edge setup installs it.");
        var system = fixture.System;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        var consoleErrors = new System.Collections.Generic.List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                consoleErrors.Add(m.Text);
            }
        };

        await page.GotoAsync(system.Gateway.HttpAddress.ToString());
        await Assertions.Expect(page.Locator("#link")).ToHaveTextAsync("live");
        await Assertions.Expect(page.Locator("#endpoint")).ToHaveTextAsync("MQTT " + system.MqttHost + ":" + system.MqttPort);

        var (sensor, _) = await system.ProvisionLoneStationAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(2));
        var day = await station.RunDayAsync(3.4);
        Assert.True(day.Accepted);

        var row = page.Locator($"#devices tr[data-device=\"{sensor.Address}\"]");
        await Assertions.Expect(row).ToContainTextAsync("Accepted");
        await Assertions.Expect(row).ToContainTextAsync("Relayed #1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator($"#feed li[data-type=\"relay\"][data-device=\"{sensor.Address}\"]").First)
            .ToContainTextAsync("Relayed");
        await Assertions.Expect(page.Locator("#reasons tr[data-reason=\"Accepted\"]")).ToBeVisibleAsync();

        Directory.CreateDirectory(Path.Combine(RepoPaths.LocalState, "screenshots"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.LocalState, "screenshots", "console.png") });
        Assert.Empty(consoleErrors);
        fixture.AssertGatewayLoggedNoErrors();
    }
}

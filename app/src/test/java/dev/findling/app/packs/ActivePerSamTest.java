package dev.findling.app.packs;

import dev.findling.app.FindlingProperties;
import dev.findling.app.TestData;
import dev.findling.models.runtime.Device;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.personalize.PerSamOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The server's PerSAM takes the configured presence threshold ({@code findling.persam.presence-threshold}). */
class ActivePerSamTest {

    private static ActivePerSam activePerSam(Double threshold) {
        ActivePack pack = mock(ActivePack.class);
        when(pack.require()).thenReturn(ReferencePackFixture.pack());
        FindlingProperties defaults = new FindlingProperties(TestData.dataDir(), null, Device.CPU, true, 0, null);
        FindlingProperties properties = new FindlingProperties(defaults.dataDir(), null, Device.CPU, true, 0, null,
                defaults.library(), defaults.demo(), defaults.segmentation(), new FindlingProperties.Persam(threshold));
        return new ActivePerSam(pack, properties);
    }

    @Test
    void withoutASettingThePersonalizeModulesCalibratedThresholdApplies() {
        assertThat(activePerSam(null).require().options()).isEqualTo(PerSamOptions.defaults());
    }

    @Test
    void aConfiguredThresholdAppliesToEveryConceptSearchOfTheServer() {
        PerSamOptions options = activePerSam(0.55).require().options();
        assertThat(options.presenceThreshold()).isEqualTo(0.55);
        assertThat(options.withPresenceThreshold(PerSamOptions.DEFAULT_PRESENCE_THRESHOLD)).isEqualTo(PerSamOptions.defaults());
    }
}

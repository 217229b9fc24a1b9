package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShiftScheduleTest {

    @Test
    void acceptsEveryPredefinedLambdaConfigurationWithOrWithoutItsPrefix() {
        for (String name : ShiftSchedule.PREDEFINED) {
            assertThat(ShiftSchedule.predefined(name).problems()).isEmpty();
            assertThat(ShiftSchedule.predefined(name).configName()).isEqualTo("CodeDeployDefault." + name);
            assertThat(ShiftSchedule.predefined("CodeDeployDefault." + name).configName())
                    .isEqualTo("CodeDeployDefault." + name);
        }
    }

    @Test
    void refusesAnUnknownPredefinedNameListingTheKnownOnes() {
        List<Problem> problems = ShiftSchedule.predefined("LambdaLinear50PercentEvery1Minute").problems();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.what()).contains("LambdaLinear50PercentEvery1Minute");
            assertThat(p.fix()).contains("LambdaLinear10PercentEvery1Minute");
        });
    }

    @Test
    void percentageMustBeFrom1To99() {
        assertThat(ShiftSchedule.linear(0, 1).problems()).singleElement()
                .satisfies(p -> assertThat(p.what()).contains("1–99"));
        assertThat(ShiftSchedule.canary(100, 1).problems()).singleElement()
                .satisfies(p -> assertThat(p.what()).contains("1–99"));
        assertThat(ShiftSchedule.canary(1, 1).problems()).isEmpty();
        assertThat(ShiftSchedule.linear(99, 1).problems()).isEmpty();
    }

    @Test
    void intervalMustBeAtLeastOneMinute() {
        assertThat(ShiftSchedule.canary(10, 0).problems()).singleElement()
                .satisfies(p -> assertThat(p.what()).contains("under one minute"));
    }

    @Test
    void theWholeShiftMayTakeAtMost2880Minutes() {
        // linear 10 %: ten steps, nine intervals between the first and the last
        assertThat(ShiftSchedule.linear(10, 320).shiftMinutes()).isEqualTo(2880);
        assertThat(ShiftSchedule.linear(10, 320).problems()).isEmpty();
        assertThat(ShiftSchedule.linear(10, 321).problems()).singleElement()
                .satisfies(p -> assertThat(p.what()).contains("2889 minutes"));
        assertThat(ShiftSchedule.canary(10, 2880).problems()).isEmpty();
        assertThat(ShiftSchedule.canary(10, 2881).problems()).hasSize(1);
        // 30 %: 30, 60, 90, 100 — four steps
        assertThat(ShiftSchedule.linear(30, 5).shiftMinutes()).isEqualTo(15);
    }

    @Test
    void knowsHowLongThePredefinedSchedulesShift() {
        assertThat(ShiftSchedule.predefined("LambdaLinear10PercentEvery1Minute").shiftMinutes()).isEqualTo(9);
        assertThat(ShiftSchedule.predefined("CodeDeployDefault.LambdaLinear10PercentEvery10Minutes").shiftMinutes())
                .isEqualTo(90);
        assertThat(ShiftSchedule.predefined("LambdaCanary10Percent30Minutes").shiftMinutes()).isEqualTo(30);
        assertThat(ShiftSchedule.predefined("LambdaAllAtOnce").shiftMinutes()).isZero();
    }

    @Test
    void customSchedulesGetAStableNameOfTheirOwn() {
        assertThat(ShiftSchedule.linear(20, 2).configName()).isEqualTo("edge-deploy.Linear20PercentEvery2Minutes");
        assertThat(ShiftSchedule.canary(5, 15).configName()).isEqualTo("edge-deploy.Canary5Percent15Minutes");
    }

    @Test
    void settingsListEveryProblemAtOnceIncludingMoreThanTenAlarms() {
        ReleaseSettings settings = ReleaseSettings.builder("edge-widget", "E123")
                .schedule(ShiftSchedule.linear(0, 0))
                .alarms(Collections.nCopies(11, "errors"))
                .build();

        assertThatThrownBy(settings::validate).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(Problem::what)
                        .anySatisfy(what -> assertThat(what).contains("1–99"))
                        .anySatisfy(what -> assertThat(what).contains("under one minute"))
                        .anySatisfy(what -> assertThat(what).contains("12 alarms (the client error alarm counts")));
    }

    @Test
    void tenAlarmsAreAcceptedTheClientErrorAlarmIncluded() {
        assertThat(ReleaseSettings.builder("edge-widget", "E123").alarms(Collections.nCopies(9, "a")).build()
                .problems()).isEmpty();
        assertThat(ReleaseSettings.builder("edge-widget", "E123").alarms(Collections.nCopies(10, "a")).build()
                .problems()).isNotEmpty();
        assertThat(ReleaseSettings.builder("edge-widget", "E123").alarms(Collections.nCopies(10, "a"))
                .clientErrorThreshold(0).build().problems()).isEmpty();
    }

    @Test
    void refusesFunctionAndAliasNamesLambdaRefuses() {
        assertThat(ReleaseSettings.builder("edge widget", "E1").alias("42").build().problems())
                .extracting(Problem::subject).contains("<release><functionName>", "<release><alias>");
    }
}

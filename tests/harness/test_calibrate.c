/* Calibration: why a probe gave no figure is said in plain words, per status. */
#include "harness/calibrate.h"
#include "tests/check.h"

static void each_status_has_its_own_words(void)
{
    char why[256];
    calibrate_failure_text("timeout", "killed after the timeout", 120, why, sizeof why);
    CHECK_STR(why, "the probe did not finish within 120 s");
    calibrate_failure_text("crashed", "killed by signal 11 (Segmentation fault)", 120, why, sizeof why);
    CHECK_STR(why, "the probe crashed (killed by signal 11 (Segmentation fault))");
    calibrate_failure_text("failed", "exit code 1: cannot pin to CPU 7", 120, why, sizeof why);
    CHECK_STR(why, "the probe failed (exit code 1: cannot pin to CPU 7)");
    calibrate_failure_text("ok", NULL, 120, why, sizeof why);
    CHECK_STR(why, "the probe printed no result");
    calibrate_failure_text(NULL, NULL, 120, why, sizeof why);
    CHECK_STR(why, "the probe did not run");
}

int main(void)
{
    each_status_has_its_own_words();
    return CHECK_DONE();
}

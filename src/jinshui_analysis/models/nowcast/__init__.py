"""Mixed-frequency nowcast of quarterly GDP growth from monthly indicators, and its news.

Model: statsmodels :class:`~statsmodels.tsa.statespace.dynamic_factor_mq.DynamicFactorMQ`
(Bańbura & Modugno 2014; Mariano & Murasawa 2003 aggregation), estimated by EM.

**What is modelled.**  Chinese bulletins publish year-on-year (同比) growth.  The monthly
indicators enter as **single-month** year-on-year growth :math:`x_{i,t}` (%): year-to-date
(累计) levels are first converted to single months with :func:`models.ytd.ytd_to_single`, and
year-to-date *rates* are not accepted (a cumulative rate mixes months).  The quarterly target
is single-quarter (当季) year-on-year GDP growth :math:`y_q` (%).

**Aggregation.**  Treating rates as log differences × 100 and the quarter's level as the
geometric mean of its months (the approximation of Mariano & Murasawa 2003, §2), the
year-on-year growth of a quarter is the mean of its three months' year-on-year growth,

.. math:: y_q \approx \tfrac13\\,(x^*_t + x^*_{t-1} + x^*_{t-2}),\\qquad t = \text{last month of } q

(Bańbura, Giannone, Modugno & Reichlin 2013, "Now-casting and the real-time data flow",
*Handbook of Economic Forecasting* 2A, §3; exact when the three months have equal levels,
otherwise month shares are the weights).  Differencing once, the change in quarterly growth
is exactly the Mariano–Murasawa sum of monthly changes,

.. math:: \\Delta y_q = \tfrac13\\,(\\Delta x^*_t + 2\\Delta x^*_{t-1} + 3\\Delta x^*_{t-2}
          + 2\\Delta x^*_{t-3} + \\Delta x^*_{t-4}),

which is the aggregation DynamicFactorMQ imposes.  The model is therefore fitted to
:math:`\\Delta x_{i,t}` (month-on-month change of single-month yoy growth, pp) and
:math:`\\Delta y_q` (pp), with :math:`\\Delta x_{i,t} = \\lambda_i f_t + e_{i,t}`,
:math:`f_t = \\phi f_{t-1} + \\eta_t`; the nowcast of a quarter is the last published
quarterly growth plus the predicted changes up to it (%).

**January.**  Where January is published it is used.  Where only the combined 1–2月 figure
exists (``jan_feb_combined=True``: a February value whose January is missing), the combined
rate stands for both months (each month's rate ≈ the combined one; exact if both grew
alike) and the January→February change is unknown (missing); the Kalman filter skips
missing values.

News (Bańbura & Modugno 2014; statsmodels ``MLEResults.news``): with the parameters held
fixed, the change in the nowcast between two data vintages splits exactly into the impacts of
each new release (``impact = weight × (observed − previous forecast)``) plus the impact of
revisions to data already published.  Impacts are in percentage points (pp) of GDP growth.

Modules: :mod:`~jinshui_analysis.models.nowcast.data` (data preparation),
:mod:`~jinshui_analysis.models.nowcast.model` (the fit and the nowcast),
:mod:`~jinshui_analysis.models.nowcast.decomposition` (news),
:mod:`~jinshui_analysis.models.nowcast.results`.

References
----------
Bańbura, M. & Modugno, M. (2014). Maximum likelihood estimation of factor models on datasets
with arbitrary pattern of missing data. *Journal of Applied Econometrics* 29(1), 133–160.
Mariano, R. S. & Murasawa, Y. (2003). A new coincident index of business cycles based on
monthly and quarterly series. *Journal of Applied Econometrics* 18(4), 427–443.
"""

from jinshui_analysis.models.nowcast.data import monthly_growth
from jinshui_analysis.models.nowcast.decomposition import NewsResults, news
from jinshui_analysis.models.nowcast.model import nowcast
from jinshui_analysis.models.nowcast.results import NowcastResults

__all__ = ["NewsResults", "NowcastResults", "monthly_growth", "news", "nowcast"]

@echo off
rem zerofail launcher of a release archive (Windows). Java: %ZEROFAIL_JAVA%, else the bundled runtime,
rem else %JAVA_HOME%\bin\java.exe, else java on PATH
rem (Java 17 or newer). ZEROFAIL_JAVA_OPTS adds JVM options.
setlocal
set "ZF_HOME=%~dp0.."
set "ZF_JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "ZF_JAVA=%JAVA_HOME%\bin\java.exe"
if exist "%ZF_HOME%\runtime\bin\java.exe" set "ZF_JAVA=%ZF_HOME%\runtime\bin\java.exe"
if defined ZEROFAIL_JAVA set "ZF_JAVA=%ZEROFAIL_JAVA%"
set "ZF_JIT=-XX:TieredStopAtLevel=1"
if "%~1"=="serve" set "ZF_JIT="
"%ZF_JAVA%" -Xlog:disable -Xlog:all=error:stderr -XX:+UseSerialGC %ZF_JIT% -Xss2m %ZEROFAIL_JAVA_OPTS% -jar "%ZF_HOME%\lib\zerofail.jar" %*
exit /b %ERRORLEVEL%

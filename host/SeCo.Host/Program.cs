using TorchSharp;

Console.WriteLine($"seco (torch {torch.__version__})");
return 0;
